// Package topicname holds Kafka's rules for topic names, as pure functions.
package topicname

import (
	"fmt"
	"regexp"
)

// MaxLength is the longest topic name Kafka accepts.
const MaxLength = 249

// Chars matches a non-empty name made only of the characters Kafka allows in
// topic names. Cluster keys and copy prefixes are held to it too, since they
// become part of the names of copies.
var Chars = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

// Validate returns why name is not a legal Kafka topic name, or nil.
func Validate(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("a topic name cannot be empty")
	case name == "." || name == "..":
		return fmt.Errorf("%q is reserved and cannot be a topic name", name)
	case len(name) > MaxLength:
		return fmt.Errorf("the name is %d characters long; Kafka allows at most %d", len(name), MaxLength)
	case !Chars.MatchString(name):
		return fmt.Errorf("%q has characters outside [a-zA-Z0-9._-]; use only letters, digits, '.', '_' and '-'", name)
	}
	return nil
}
