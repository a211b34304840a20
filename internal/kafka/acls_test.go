package kafka

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/geokafka/terraform-provider-geokafka/internal/acl"
)

func TestACLWritesAreBatchedAndReadsShareOneDescribe(t *testing.T) {
	fc, cl, stats := fakeCluster(t)
	var creates, creations atomic.Int32
	fc.ControlKey(int16(kmsg.CreateACLs), func(req kmsg.Request) (kmsg.Response, error, bool) {
		fc.KeepControl()
		creates.Add(1)
		creations.Add(int32(len(req.(*kmsg.CreateACLsRequest).Creations)))
		return nil, nil, false
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	const n = 40
	binding := func(i int) acl.Binding {
		return acl.Binding{Principal: fmt.Sprintf("User:u%02d", i), Host: "*", Operation: "READ", Permission: "ALLOW",
			ResourceType: "TOPIC", ResourceName: "orders", PatternType: "LITERAL"}
	}
	each := func(fn func(i int) error) {
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := fn(i); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	each(func(i int) error { return cl.CreateACL(ctx, binding(i)) })
	if creations.Load() != n || creates.Load() > 3 {
		t.Fatalf("%d ACL creates went out in %d CreateACLs requests (%d creations), want at most 3", n, creates.Load(), creations.Load())
	}
	before := stats.Counts()["DescribeACLs"]
	each(func(i int) error {
		ok, err := cl.HasACL(ctx, binding(i))
		if err == nil && !ok {
			err = fmt.Errorf("binding %d not found after create", i)
		}
		return err
	})
	if got := stats.Counts()["DescribeACLs"] - before; got != 1 {
		t.Fatalf("%d ACL reads sent %d DescribeACLs requests, want 1", n, got)
	}
	each(func(i int) error { return cl.DeleteACL(ctx, binding(i)) })
	all, err := cl.ACLs(ctx)
	if err != nil || len(all) != 0 {
		t.Fatalf("after deleting: %d bindings, %v", len(all), err)
	}
}
