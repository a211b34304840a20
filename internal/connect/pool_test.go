package connect

import "testing"

func TestPoolSharesOneClientPerURL(t *testing.T) {
	p := NewPool()
	a, b, c := p.Get(Endpoint{URL: "http://a:8083"}), p.Get(Endpoint{URL: "http://a:8083"}), p.Get(Endpoint{URL: "http://b:8083"})
	if a != b || a == c {
		t.Fatalf("clients %p %p %p; want one per URL", a, b, c)
	}
	if a.URL() != "http://a:8083" {
		t.Fatal(a.URL())
	}
}
