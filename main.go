package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

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
	if dir := os.Getenv("GEOKAFKA_PROFILE_DIR"); dir != "" {
		stop := startProfiles(dir)
		defer stop()
	}
	return providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address:         "registry.terraform.io/geokafka/geokafka",
		Debug:           debug,
		ProtocolVersion: 6,
	})
}
