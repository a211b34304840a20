package provider

import (
	"context"
	"sync"
)

// callContext gives the framework a context of its own for one call, and
// the function that ends it when the call returns.
//
// The framework keeps every call's context until the provider is stopped
// (to cancel them then), and with it all the context holds: the protocol
// server's loggers, about 26 KB a call. A process that plans or applies
// 10,000 topics then held hundreds of MiB it could never free, past the
// soft memory limit, and spent its time collecting. The context given
// instead reads the call's values (the loggers) only while the call runs,
// and ends with the call, or earlier with the call's own context.
func callContext(ctx context.Context) (context.Context, func()) {
	base, cancel := context.WithCancel(context.Background())
	if d, ok := ctx.Deadline(); ok {
		cancel() // this one is replaced by one with the call's deadline
		base, cancel = context.WithDeadline(context.Background(), d)
	}
	c := &callCtx{Context: base, vals: ctx}
	stop := context.AfterFunc(ctx, cancel)
	return c, func() {
		stop()
		cancel()
		c.mu.Lock()
		c.vals = nil
		c.mu.Unlock()
	}
}

type callCtx struct {
	context.Context // cancellation and deadline

	mu   sync.RWMutex
	vals context.Context // the call's own context, until it returns
}

func (c *callCtx) Value(key any) any {
	c.mu.RLock()
	v := c.vals
	c.mu.RUnlock()
	if v == nil {
		return c.Context.Value(key)
	}
	return v.Value(key)
}
