package kafka

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/geokafka/terraform-provider-geokafka/internal/acl"
)

// batchWindow is how long the first call of a batch waits for others. Terraform
// walks resources in parallel, so calls of one plan arrive within microseconds
// of each other; a few milliseconds is enough to gather them.
const batchWindow = 5 * time.Millisecond

// Registry hands out one lazily built Cluster per configured key. It is safe
// for concurrent use; nothing dials until a resource asks for a cluster.
type Registry struct {
	configs    map[string]Config
	unknown    map[string]bool // keys whose configuration is not known yet
	allUnknown bool            // the whole clusters map is not known yet
	logger     kgo.Logger
	stats      *Stats

	mu       sync.Mutex
	clusters map[string]*Cluster
}

// ErrNotKnownYet means a cluster's configuration depends on values that are
// only known during apply; plan-time checks against it are skipped.
var ErrNotKnownYet = errors.New("the cluster's configuration is not known until apply")

// NewRegistry records the configurations; it does no I/O. unknown lists keys
// whose configuration is not known yet.
func NewRegistry(configs map[string]Config, unknown []string, logger kgo.Logger, stats *Stats) *Registry {
	r := &Registry{configs: configs, unknown: map[string]bool{}, logger: logger, stats: stats, clusters: map[string]*Cluster{}}
	for _, k := range unknown {
		r.unknown[k] = true
	}
	return r
}

// NewUnknownRegistry is the registry of a provider whose clusters map is not
// known yet.
func NewUnknownRegistry() *Registry {
	r := NewRegistry(map[string]Config{}, nil, nil, nil)
	r.allUnknown = true
	return r
}

// Keys returns the configured cluster keys in order.
func (r *Registry) Keys() []string {
	keys := slices.AppendSeq(slices.Collect(maps.Keys(r.configs)), maps.Keys(r.unknown))
	slices.Sort(keys)
	return keys
}

// Config returns the configuration of a cluster key.
func (r *Registry) Config(key string) (Config, bool) {
	c, ok := r.configs[key]
	return c, ok
}

// Resolve picks the cluster a resource means: the given key, or the only
// configured cluster when the key is empty.
func (r *Registry) Resolve(key string) (string, error) {
	if r.allUnknown {
		return key, ErrNotKnownYet
	}
	keys := r.Keys()
	if key == "" {
		switch len(keys) {
		case 1:
			key = keys[0]
		case 0:
			return "", fmt.Errorf("the provider has no clusters: set clusters in the provider block or GEOKAFKA_BOOTSTRAP_SERVERS")
		default:
			return "", fmt.Errorf("the provider has several clusters (%s): set cluster to one of them", strings.Join(keys, ", "))
		}
	}
	if r.unknown[key] {
		return key, ErrNotKnownYet
	}
	if _, ok := r.configs[key]; !ok {
		return "", fmt.Errorf("cluster %q is not configured in the provider; configured clusters: %s", key, strings.Join(keys, ", "))
	}
	return key, nil
}

// ErrOffline means the cluster is marked offline in the provider block, so
// nothing may be read from or written to it.
var ErrOffline = errors.New("the cluster is marked offline")

// Offline reports whether a configured cluster is marked offline.
func (r *Registry) Offline(key string) bool {
	return r.configs[key].Offline
}

// AnyOffline reports whether some cluster is marked offline, so that the
// checks for offline clusters cost nothing in the usual case.
func (r *Registry) AnyOffline() bool {
	for _, c := range r.configs {
		if c.Offline {
			return true
		}
	}
	return false
}

// Cluster returns the shared client of a configured cluster, building it on
// first use.
func (r *Registry) Cluster(key string) (*Cluster, error) {
	key, err := r.Resolve(key)
	if err != nil {
		return nil, err
	}
	if r.Offline(key) {
		return nil, fmt.Errorf("cluster %q: %w", key, ErrOffline)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.clusters[key]; ok {
		return c, nil
	}
	cfg := r.configs[key]
	opts, err := cfg.clientOptions()
	if err != nil {
		return nil, fmt.Errorf("cluster %q: %w", key, err)
	}
	if r.logger != nil {
		opts = append(opts, kgo.WithLogger(r.logger))
	}
	if r.stats != nil {
		opts = append(opts, kgo.WithHooks(r.stats))
	}
	// NewClient does not dial: connections open on the first request.
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("cluster %q: %w", key, err)
	}
	c := newCluster(key, cfg, cl)
	r.clusters[key] = c
	return c, nil
}

// Cluster is the shared admin client of one Kafka cluster, with its request
// batchers and the topic cache of the current Terraform run.
type Cluster struct {
	Key    string
	cfg    Config
	cl     *kgo.Client
	adm    *kadm.Client
	topics *topicCache

	metadata  *batcher[string, struct{}, *Topic]
	configs   *batcher[string, struct{}, configResult]
	creates   *batcher[string, CreateSpec, error]
	validates *batcher[string, CreateSpec, error]
	deletes   *batcher[string, struct{}, error]
	offsets   *batcher[string, struct{}, recordsResult]

	acls   snapshot[map[acl.Binding]bool]
	scrams snapshot[map[string]map[string]int32]
	quotas snapshot[map[string]map[string]float64]

	brokerSettings snapshot[map[string]bool]
	version        snapshot[Version]

	managed    sync.Map // names of topics that are in the state of this run
	aclCreates *batcher[acl.Binding, struct{}, error]
	aclDeletes *batcher[acl.Binding, struct{}, error]
}

func newCluster(key string, cfg Config, cl *kgo.Client) *Cluster {
	c := &Cluster{Key: key, cfg: cfg, cl: cl, adm: kadm.NewClient(cl)}
	c.adm.SetTimeoutMillis(int32(cfg.serverTimeout() / time.Millisecond))
	t := cfg.roundTrip()
	c.topics = newTopicCache(c)
	c.metadata = newBatcher(batchWindow, t, c.fetchMetadata)
	c.configs = newBatcher(batchWindow, t, c.fetchConfigs)
	c.creates = newBatcher(batchWindow, t, func(ctx context.Context, specs map[string]CreateSpec) (map[string]error, error) {
		return c.createTopics(ctx, specs, false)
	})
	c.validates = newBatcher(batchWindow, t, func(ctx context.Context, specs map[string]CreateSpec) (map[string]error, error) {
		return c.createTopics(ctx, specs, true)
	})
	c.deletes = newBatcher(batchWindow, t, c.deleteTopics)
	c.offsets = newBatcher(batchWindow, t, c.countRecords)
	c.acls.load = c.describeAllACLs
	c.scrams.load = c.describeAllSCRAMs
	c.quotas.load = c.describeAllQuotas
	c.brokerSettings.load = c.describeBrokerSettings
	c.version.load = c.loadVersion
	c.aclCreates = newBatcher(batchWindow, t, c.createACLs)
	c.aclDeletes = newBatcher(batchWindow, t, c.deleteACLs)
	return c
}

// Manage records that topic name is in the state this provider process
// plans or applies, so that a replacement of it (tainted, or -replace) is
// not refused as a topic someone else made.
func (c *Cluster) Manage(name string) { c.managed.Store(name, true) }

// Managed reports whether Manage recorded the topic.
func (c *Cluster) Managed(name string) bool {
	_, ok := c.managed.Load(name)
	return ok
}

// Region is the region label of the cluster.
func (c *Cluster) Region() string { return c.cfg.Region }
