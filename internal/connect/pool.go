package connect

import "sync"

// Pool hands out one client per Connect URL, shared by every resource and
// data source; tests swap the factory for clients of a fake Connect.
type Pool struct {
	mu      sync.Mutex
	clients map[string]*Client
	factory func(url string) *Client
}

// NewPool returns a pool that makes clients with factory (New when nil).
func NewPool(factory func(url string) *Client) *Pool {
	if factory == nil {
		factory = New
	}
	return &Pool{clients: map[string]*Client{}, factory: factory}
}

// Get returns the client of url, made on first use.
func (p *Pool) Get(url string) *Client {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.clients[url]
	if !ok {
		c = p.factory(url)
		p.clients[url] = c
	}
	return c
}
