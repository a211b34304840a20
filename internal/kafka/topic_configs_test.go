package kafka

import (
	"reflect"
	"testing"

	"github.com/twmb/franz-go/pkg/kmsg"
)

func configEntry(name, value string, source kmsg.ConfigSource) kmsg.DescribeConfigsResponseResourceConfig {
	e := kmsg.NewDescribeConfigsResponseResourceConfig()
	e.Name, e.Value, e.Source = name, kmsg.StringPtr(value), source
	return e
}

// Topics read together share one map of inherited values; each keeps only
// what is set on it, and Entry and Overrides read as before.
func TestConfigResultsShareInheritedValues(t *testing.T) {
	var resources []kmsg.DescribeConfigsResponseResource
	for _, n := range []string{"a", "b"} {
		r := kmsg.NewDescribeConfigsResponseResource()
		r.ResourceName = n
		r.Configs = []kmsg.DescribeConfigsResponseResourceConfig{
			configEntry("cleanup.policy", "delete", kmsg.ConfigSourceDefaultConfig),
			configEntry("min.insync.replicas", "2", kmsg.ConfigSourceStaticBrokerConfig),
		}
		if n == "b" {
			r.Configs[0] = configEntry("cleanup.policy", "compact", kmsg.ConfigSourceDynamicTopicConfig)
		}
		resources = append(resources, r)
	}
	got := configResults(resources)
	a := &Topic{Config: got["a"].config, Inherited: got["a"].inherited}
	b := &Topic{Config: got["b"].config, Inherited: got["b"].inherited}
	if reflect.ValueOf(a.Inherited).Pointer() != reflect.ValueOf(b.Inherited).Pointer() {
		t.Error("each topic has its own map of inherited values")
	}
	if len(a.Config) != 0 || len(b.Config) != 1 {
		t.Errorf("own values: a %v, b %v; want none and cleanup.policy", a.Config, b.Config)
	}
	for _, c := range []struct {
		t          *Topic
		key, value string
	}{{a, "cleanup.policy", "delete"}, {b, "cleanup.policy", "compact"}, {b, "min.insync.replicas", "2"}} {
		if e, ok := c.t.Entry(c.key); !ok || e.Value != c.value {
			t.Errorf("Entry(%q) = %+v, %v; want %q", c.key, e, ok, c.value)
		}
	}
	if !reflect.DeepEqual(b.Overrides(), map[string]string{"cleanup.policy": "compact"}) || len(a.Overrides()) != 0 {
		t.Errorf("overrides: a %v, b %v", a.Overrides(), b.Overrides())
	}
}
