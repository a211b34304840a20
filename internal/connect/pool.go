package connect

import "sync"

// Pool hands out one client per Connect URL, shared by every resource and
// data source. Clusters that share a URL reach it the same way (the
// provider checks), so the URL alone names the client.
type Pool struct {
	mu      sync.Mutex
	clients map[string]*Client
}

// NewPool returns an empty pool.
func NewPool() *Pool { return &Pool{clients: map[string]*Client{}} }

// Get returns the client of e.URL, made on first use.
func (p *Pool) Get(e Endpoint) *Client {
	p.mu.Lock()
	defer p.mu.Unlock()
	c, ok := p.clients[e.URL]
	if !ok {
		c = NewClient(e)
		p.clients[e.URL] = c
	}
	return c
}
