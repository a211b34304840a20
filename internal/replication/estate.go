package replication

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/geokafka/terraform-provider-geokafka/internal/connect"
)

// Estate is the graph of the links the provider manages: the geokafka
// source connectors on the Connect clusters of the provider's clusters,
// plus the links planned in this process that are not there yet. Reads are
// cached for the life of the process (one request per Connect cluster per
// plan); a writer holds Lock, reads Fresh and writes before unlocking, so
// two links applied at once each see the other.
type Estate struct {
	clients []*connect.Client
	owners  map[*connect.Client]string // the clusters whose connect_url it is
	refused map[*connect.Client]error  // Connect clusters that refused the credentials, as last read
	write   sync.Mutex

	mu      sync.Mutex
	cached  []Link
	read    bool
	where   map[string]*connect.Client // by link ID, as last read
	planned map[string]Link
}

// NewEstate reads links from the Connect clusters of clusters (cluster key
// -> its Connect endpoint; ones without a URL are dropped), with the pool's
// clients, one per URL.
func NewEstate(pool *connect.Pool, clusters map[string]connect.Endpoint) *Estate {
	byURL := map[string][]string{}
	for key, ep := range clusters {
		if ep.URL != "" {
			byURL[ep.URL] = append(byURL[ep.URL], key)
		}
	}
	e := &Estate{planned: map[string]Link{}, owners: map[*connect.Client]string{}, refused: map[*connect.Client]error{}}
	for _, u := range slices.Sorted(maps.Keys(byURL)) {
		keys := byURL[u]
		sort.Strings(keys)
		c := pool.Get(clusters[keys[0]])
		e.clients = append(e.clients, c)
		e.owners[c] = fmt.Sprintf("the Kafka Connect of cluster %s (%s)", strings.Join(quoteAll(keys), ", "), u)
	}
	return e
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Quote(x)
	}
	return out
}

// Lock serialises the writers of links in this process.
func (e *Estate) Lock()   { e.write.Lock() }
func (e *Estate) Unlock() { e.write.Unlock() }

// Existing returns the links on Connect, read once per process. A Connect
// cluster that cannot be read is left out; plans only warn from this.
func (e *Estate) Existing(ctx context.Context) []Link {
	e.mu.Lock()
	read := e.read
	e.mu.Unlock()
	if !read {
		links, _ := e.list(ctx, false)
		e.mu.Lock()
		e.cached, e.read = links, true
		e.mu.Unlock()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]Link(nil), e.cached...)
}

// Links returns the existing links and those planned in this process, the
// planned ones in place of those they change.
func (e *Estate) Links(ctx context.Context) []Link {
	out := e.Existing(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, id := range slices.Sorted(maps.Keys(e.planned)) {
		out = With(out, e.planned[id])
	}
	return out
}

// Fresh reads the links on every Connect cluster now; it fails when one
// cannot be read, since a writer must see them all.
func (e *Estate) Fresh(ctx context.Context) ([]Link, error) {
	links, err := e.list(ctx, true)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	e.cached, e.read = links, true
	e.mu.Unlock()
	return links, nil
}

// Plan records a link planned in this process, so that the plans of the
// links after it see it.
func (e *Estate) Plan(l Link) {
	e.mu.Lock()
	e.planned[l.ID()] = l
	e.mu.Unlock()
}

func (e *Estate) list(ctx context.Context, strict bool) ([]Link, error) {
	var out []Link
	where := map[string]*connect.Client{}
	refused := map[*connect.Client]error{}
	for _, c := range e.clients {
		cfgs, err := c.Configs(ctx)
		if connect.IsRefused(err) {
			refused[c] = fmt.Errorf("%s: %w", e.owners[c], err)
		}
		if err != nil {
			if strict {
				return nil, fmt.Errorf("reading the connectors on %s: %w", e.owners[c], err)
			}
			continue
		}
		for _, name := range slices.Sorted(maps.Keys(cfgs)) {
			if l, ok := LinkFromConfig(cfgs[name]); ok {
				out = append(out, l)
				where[l.ID()] = c
			}
		}
	}
	e.mu.Lock()
	e.where, e.refused = where, refused
	e.mu.Unlock()
	return out, nil
}

// Refused returns why the Connect cluster of c refused the provider's
// credentials when the estate was read, or nil: a plan fails on it, where
// a Connect cluster that does not answer only leaves its links out.
func (e *Estate) Refused(ctx context.Context, c *connect.Client) error {
	e.Existing(ctx)
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.refused[c]
}

// Cover rewrites, on the Connect cluster each was read from, the connectors
// of the links among links (other than skip) whose residency exclusions miss
// the copy prefix of one of links: a new link's alias must not open a way
// around them. They are rewritten with prefixes, a superset.
func (e *Estate) Cover(ctx context.Context, links []Link, prefixes []string, skip string) error {
	e.mu.Lock()
	where := e.where
	e.mu.Unlock()
	for id, conns := range Uncovered(links, prefixes, skip) {
		c := where[id]
		if c == nil {
			continue // planned here, not on Connect yet
		}
		for _, name := range slices.Sorted(maps.Keys(conns)) {
			if err := Reconfigure(ctx, c, name, conns[name]); err != nil {
				return fmt.Errorf("covering the copies of restricted topics in link %s: %w", id, err)
			}
		}
	}
	return nil
}

// Uncovered returns the links among links, other than skip, whose residency
// exclusions miss the copy prefix of one of links, each with the
// configuration of every connector that covers prefixes.
func Uncovered(links []Link, prefixes []string, skip string) map[string]map[string]map[string]string {
	required := CopyPrefixes(nil, links)
	out := map[string]map[string]map[string]string{}
	for _, l := range links {
		if l.ID() == skip || !missesPrefixes(l, required) {
			continue
		}
		l.CopyPrefixes = prefixes
		out[l.ID()] = l.Connectors()
	}
	return out
}

// missesPrefixes reports whether an anchored residency pattern of the link
// does not cover copies under every one of prefixes.
func missesPrefixes(l Link, prefixes []string) bool {
	for _, p := range l.ResidencyExcludes {
		if strings.HasPrefix(p, "^") && !subset(prefixes, l.CopyPrefixes) {
			return true
		}
	}
	return false
}
