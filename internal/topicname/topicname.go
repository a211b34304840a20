// Package topicname holds Kafka's rules for topic names and config diffs, as
// pure functions.
package topicname

import (
	"fmt"
	"regexp"
	"sort"
)

// MaxLength is the longest topic name Kafka accepts.
const MaxLength = 249

var legal = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// Validate returns why name is not a legal Kafka topic name, or nil.
func Validate(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("a topic name cannot be empty")
	case name == "." || name == "..":
		return fmt.Errorf("%q is reserved and cannot be a topic name", name)
	case len(name) > MaxLength:
		return fmt.Errorf("the name is %d characters long; Kafka allows at most %d", len(name), MaxLength)
	case !legal.MatchString(name):
		return fmt.Errorf("%q has characters outside [a-zA-Z0-9._-]; use only letters, digits, '.', '_' and '-'", name)
	}
	return nil
}

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
