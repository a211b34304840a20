package connect

import "testing"

func TestPoolSharesOneClientPerURL(t *testing.T) {
	made := 0
	p := NewPool(func(url string) *Client { made++; return New(url) })
	a, b, c := p.Get("http://a:8083"), p.Get("http://a:8083"), p.Get("http://b:8083")
	if a != b || a == c || made != 2 {
		t.Fatalf("clients %p %p %p, %d made; want one per URL", a, b, c, made)
	}
	if a.URL() != "http://a:8083" {
		t.Fatal(a.URL())
	}
}
