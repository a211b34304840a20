package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// startProfiles writes a CPU profile of this provider process into dir, and
// on stop a heap profile, named by process id: terraform starts one provider
// process per command, so a plan leaves one pair. It is for finding where a
// plan's time goes, and is off unless GEOKAFKA_PROFILE_DIR is set.
func startProfiles(dir string) (stop func()) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Printf("[WARN] GEOKAFKA_PROFILE_DIR: %v", err)
		return func() {}
	}
	name := func(kind string) string { return filepath.Join(dir, fmt.Sprintf("%s-%d.pprof", kind, os.Getpid())) }
	cpu, err := os.Create(name("cpu"))
	if err == nil {
		err = pprof.StartCPUProfile(cpu)
	}
	if err != nil {
		log.Printf("[WARN] GEOKAFKA_PROFILE_DIR: %v", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = cpu.Close()
		heap, err := os.Create(name("heap"))
		if err != nil {
			log.Printf("[WARN] GEOKAFKA_PROFILE_DIR: %v", err)
			return
		}
		defer heap.Close()
		runtime.GC()
		_ = pprof.Lookup("allocs").WriteTo(heap, 0)
	}
}
