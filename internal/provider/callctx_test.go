package provider

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The framework keeps every call's context until the provider is stopped:
// what a call's context carries must not stay with it, or a run of
// thousands of resources holds all of it (about 26 KB a call, the protocol
// server's loggers).
func TestCallsDoNotKeepTheirContexts(t *testing.T) {
	srv := serverOf(newProvider("test", func(string) string { return "" }))()
	sch, err := srv.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := sch.ResourceSchemas["geokafka_topic"].ValueType().(tftypes.Object)
	attrs := map[string]tftypes.Value{}
	for name, ty := range typ.AttributeTypes {
		attrs[name] = tftypes.NewValue(ty, nil)
	}
	attrs["name"] = tftypes.NewValue(tftypes.String, "orders")
	config, _ := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
	null, _ := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))

	type payload struct{}
	const calls, size = 100, 64 << 10
	call := func() {
		ctx := context.WithValue(context.Background(), payload{}, make([]byte, size))
		_, _ = srv.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "geokafka_topic", Config: &config})
		_, _ = srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: "geokafka_topic", Config: &config, PriorState: &null, ProposedNewState: &config})
	}
	inUse := func() int64 {
		runtime.GC()
		time.Sleep(10 * time.Millisecond) // let AfterFunc goroutines finish
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	call()
	before := inUse()
	for range calls {
		call()
	}
	// Kept contexts would hold 2 x 100 x 64 KB = 12.5 MiB.
	kept := inUse() - before
	runtime.KeepAlive(srv) // the server, and whatever it keeps, lives on
	if kept > 2<<20 {
		t.Fatalf("%d calls kept %d KB", 2*calls, kept>>10)
	}
}
