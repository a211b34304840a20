package placement

import (
	"fmt"
	"strconv"
	"strings"
)

// Path names an attribute of a topic's configuration step by step, so that a
// refusal can be shown at the attribute it is about.
type Path []PathStep

// PathStep is one step of a Path: an Attr, an Index or a Key.
type PathStep interface{ pathStep() }

// Attr steps into an attribute by name.
type Attr string

// Index steps into a list element.
type Index int

// Key steps into a map element.
type Key string

func (Attr) pathStep()  {}
func (Index) pathStep() {}
func (Key) pathStep()   {}

// At returns p extended by steps, leaving p as it is.
func (p Path) At(steps ...PathStep) Path {
	return append(append(Path(nil), p...), steps...)
}

// String renders p the way a configuration reads: regions["eu"].partitions,
// replica_placement[0].count.
func (p Path) String() string {
	var b strings.Builder
	for _, s := range p {
		switch s := s.(type) {
		case Attr:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(string(s))
		case Index:
			fmt.Fprintf(&b, "[%d]", int(s))
		case Key:
			fmt.Fprintf(&b, "[%s]", strconv.Quote(string(s)))
		}
	}
	return b.String()
}

// FieldError refuses a placement because of the attribute at Path; its
// message says why and how to fix it.
type FieldError struct {
	Path Path
	Msg  string
}

func (e *FieldError) Error() string { return e.Msg }

func fieldErr(at Path, format string, args ...any) error {
	return &FieldError{Path: at, Msg: fmt.Sprintf(format, args...)}
}
