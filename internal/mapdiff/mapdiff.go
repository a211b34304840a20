// Package mapdiff compares the settings in state with the planned ones, for
// topic configs and client quotas alike.
package mapdiff

import "sort"

// Diff returns the keys to set (new or changed) with their planned values,
// and the keys to remove (not planned any more), sorted.
func Diff[V comparable](old, planned map[string]V) (set map[string]V, remove []string) {
	set = map[string]V{}
	for k, v := range planned {
		if ov, ok := old[k]; !ok || ov != v {
			set[k] = v
		}
	}
	for k := range old {
		if _, ok := planned[k]; !ok {
			remove = append(remove, k)
		}
	}
	sort.Strings(remove)
	return set, remove
}
