package kafka

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// A process that ends before the first tick (a plan of a few topics) must
// still leave its counts behind.
func TestStatsWrittenOnEveryRequest(t *testing.T) {
	dir := t.TempDir()
	s := NewStats(dir)
	s.OnBrokerWrite(kgo.BrokerMetadata{}, kmsg.Metadata.Int16(), 0, 0, 0, nil)
	s.OnBrokerWrite(kgo.BrokerMetadata{}, kmsg.Metadata.Int16(), 0, 0, 0, nil)
	s.OnBrokerWrite(kgo.BrokerMetadata{}, kmsg.DescribeConfigs.Int16(), 0, 0, 0, nil)

	files, err := filepath.Glob(filepath.Join(dir, "provider-*.json"))
	if err != nil || len(files) != 1 {
		t.Fatalf("stats files = %v (%v), want one", files, err)
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Requests map[string]int64 `json:"requests"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if got.Requests["Metadata"] != 2 || got.Requests["DescribeConfigs"] != 1 {
		t.Errorf("requests = %v, want Metadata 2, DescribeConfigs 1", got.Requests)
	}
}
