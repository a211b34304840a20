package kafka

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Stats counts the Kafka requests this process sends, by request name. When
// GEOKAFKA_STATS_DIR is set, the counts and the process's peak memory are
// written there as JSON (for `make bench`).
type Stats struct {
	mu      sync.Mutex
	counts  map[string]int64
	path    string // the JSON file, or "" when not writing
	writeMu sync.Mutex
}

var _ kgo.HookBrokerWrite = (*Stats)(nil)

// NewStats returns a counter; with a directory it also starts the writer.
func NewStats(dir string) *Stats {
	s := &Stats{counts: map[string]int64{}}
	if dir != "" {
		s.path = filepath.Join(dir, fmt.Sprintf("provider-%d.json", os.Getpid()))
		go s.writeEvery(200 * time.Millisecond)
	}
	return s
}

// OnBrokerWrite implements kgo.HookBrokerWrite.
func (s *Stats) OnBrokerWrite(_ kgo.BrokerMetadata, key int16, _ int, _, _ time.Duration, err error) {
	if err != nil {
		return
	}
	s.mu.Lock()
	s.counts[kmsg.NameForKey(key)]++
	s.mu.Unlock()
	// Also on every request, not only on the tick: a process that lives less
	// than a tick (a small plan) would otherwise report nothing. Requests are
	// a handful per cluster, so this costs nothing that matters.
	s.write()
}

// Counts returns a copy of the request counts.
func (s *Stats) Counts() map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(s.counts))
	for k, v := range s.counts {
		out[k] = v
	}
	return out
}

func (s *Stats) writeEvery(every time.Duration) {
	for range time.Tick(every) {
		s.write()
	}
}

// write replaces the JSON file atomically; writers are serialised so an
// older count never overwrites a newer one.
func (s *Stats) write() {
	if s.path == "" {
		return
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	b, _ := json.Marshal(map[string]any{"requests": s.Counts(), "peak_rss_kb": peakRSSKB()})
	tmp := s.path + ".tmp"
	if os.WriteFile(tmp, b, 0o600) == nil {
		_ = os.Rename(tmp, s.path)
	}
}

// peakRSSKB reads the process's high-water resident set size (Linux only).
func peakRSSKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			var kb int64
			if _, err := fmt.Sscanf(strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:")), "%d", &kb); err != nil {
				return 0
			}
			return kb
		}
	}
	return 0
}
