// Package topicconfig holds the logic of a topic's configuration, as pure
// functions; topic names have their own package, topicname.
package topicconfig

import "sort"

// ConfigDiff compares the config in state with the one planned: keys to set
// (new or changed) and keys to reset to their default (removed).
func ConfigDiff(old, planned map[string]string) (set map[string]string, reset []string) {
	set = map[string]string{}
	for k, v := range planned {
		if ov, ok := old[k]; !ok || ov != v {
			set[k] = v
		}
	}
	for k := range old {
		if _, ok := planned[k]; !ok {
			reset = append(reset, k)
		}
	}
	sort.Strings(reset)
	return set, reset
}
