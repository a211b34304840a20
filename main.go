package main

import (
	"flag"
	"log"
	"os"
	rtdebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/geokafka/terraform-provider-geokafka/internal/provider"
)

// version is set by the release build.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	if err := serve(debug); err != nil {
		log.Fatal(err)
	}
}

func serve(debug bool) error {
	// In debug mode the logs go to this process's own console, not through terraform.
	for _, k := range quietSDKLogs(os.Getenv) {
		if !debug {
			_ = os.Setenv(k, "off")
		}
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		rtdebug.SetMemoryLimit(memoryLimit)
	}
	if dir := os.Getenv("GEOKAFKA_PROFILE_DIR"); dir != "" {
		stop := startProfiles(dir)
		defer stop()
	}
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	return tf6server.Serve("registry.terraform.io/geokafka/geokafka", provider.NewServer(version), opts...)
}

// memoryLimit is the provider's soft memory limit unless GOMEMLIMIT sets
// one. Most of a plan's heap is short-lived per-call garbage, which the
// default collector lets grow to twice the live heap: with this limit the
// peak RSS of a 3,000-topic plan went from about 200 MiB to 140 MiB at the
// same wall time. A soft limit only makes the collector work harder near it;
// it never fails an allocation.
const memoryLimit = 128 << 20

// logSettings are the variables with which a user asks for provider logs.
var logSettings = []string{
	"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_GEOKAFKA", "TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO",
	"TF_ACC_LOG_PATH", "TF_LOG_PATH_MASK",
}

// quietSDKLogs returns the SDK log variables to turn off. The framework and
// the protocol server log at TRACE unless told otherwise, and terraform drops
// those lines unless TF_LOG or TF_LOG_PROVIDER asks for them: encoding them
// took about a quarter of the provider's CPU in a plan of 3,000 topics. When
// the user set none of the log variables, nobody reads these lines (except in
// -debug mode, where serve keeps them).
func quietSDKLogs(getenv func(string) string) []string {
	for _, k := range logSettings {
		if getenv(k) != "" {
			return nil
		}
	}
	return []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}
}
