// Command wan sets the distance between the lab's locations while the lab
// runs (lab/wan.sh puts a Toxiproxy proxy on every path between two of
// us-east, eu-west, ap-south and ci). lab-up builds it as .lab/bin/wan.
//
//	wan show                  the delays and partitions in force
//	wan set A:B=MS ...        one-way delay between locations A and B, in ms
//	wan rtt MS                the same round trip between every pair (one way MS/2)
//	wan jitter MS             random +/- MS on every delay
//	wan partition LOC ...     cut locations off from every other (connections stall)
//	wan heal [LOC ...]        end those cut-offs (all of them without arguments)
//	wan init default|zero     the default matrix or none, no partition (lab-up)
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/geokafka/terraform-provider-geokafka/internal/wanlab"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintf(os.Stderr, "wan: %v\n", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("wan", flag.ContinueOnError)
	lab := fs.String("lab", defaultLab(), "the lab's state directory")
	api := fs.String("api", envOr("LAB_WAN_API", "http://127.0.0.1:8474"), "Toxiproxy's API")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: wan [-lab DIR] [-api URL] show | set A:B=MS... | rtt MS | jitter MS | partition LOC... | heal [LOC...] | init default|zero")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return fmt.Errorf("no command")
	}
	s, err := wanlab.Load(*lab)
	if err != nil {
		return err
	}
	cmd, rest := fs.Arg(0), fs.Args()[1:]
	if err := change(&s, cmd, rest); err != nil {
		return err
	}
	if cmd != "show" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := wanlab.NewClient(*api).Apply(ctx, s); err != nil {
			return err
		}
		if err := wanlab.Save(*lab, s); err != nil {
			return err
		}
	}
	show(s)
	return nil
}

// change applies one command to the wanted state.
func change(s *wanlab.State, cmd string, args []string) error {
	switch cmd {
	case "show":
	case "init":
		switch strings.Join(args, " ") {
		case "default":
			*s = wanlab.Default()
		case "zero":
			*s = wanlab.Zero()
		default:
			return fmt.Errorf("init takes default or zero")
		}
	case "set":
		if len(args) == 0 {
			return fmt.Errorf("set takes A:B=MS, for example us-east:eu-west=40")
		}
		for _, a := range args {
			pair, ms, ok := strings.Cut(a, "=")
			x, y, ok2 := strings.Cut(pair, ":")
			if !ok || !ok2 {
				return fmt.Errorf("%q: write A:B=MS, for example us-east:eu-west=40", a)
			}
			for _, l := range []string{x, y} {
				if err := wanlab.CheckLocation(l); err != nil {
					return err
				}
			}
			d, err := millis(ms)
			if err != nil {
				return fmt.Errorf("%q: %w", a, err)
			}
			s.OneWayMs[wanlab.Pair(x, y)] = d
		}
	case "rtt", "jitter":
		if len(args) != 1 {
			return fmt.Errorf("%s takes one number of milliseconds", cmd)
		}
		d, err := millis(args[0])
		if err != nil {
			return err
		}
		if cmd == "rtt" {
			s.SetRTT(time.Duration(d) * time.Millisecond)
		} else {
			s.JitterMs = d
		}
	case "partition", "heal":
		if cmd == "partition" && len(args) == 0 {
			return fmt.Errorf("partition takes the locations to cut off, for example eu-west")
		}
		for _, l := range args {
			if err := wanlab.CheckLocation(l); err != nil {
				return err
			}
			if cmd == "partition" {
				s.Partition(l)
			} else {
				s.Heal(l)
			}
		}
		if cmd == "heal" && len(args) == 0 {
			s.Heal("")
		}
	default:
		return fmt.Errorf("unknown command %q (show, set, rtt, jitter, partition, heal, init)", cmd)
	}
	return nil
}

func millis(v string) (int, error) {
	d, err := strconv.Atoi(strings.TrimSuffix(v, "ms"))
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q is not a whole number of milliseconds", v)
	}
	return d, nil
}

func show(s wanlab.State) {
	pairs := make([]string, 0, len(s.OneWayMs))
	for p := range s.OneWayMs {
		pairs = append(pairs, p)
	}
	sort.Strings(pairs)
	fmt.Println("one-way delay between locations (round trip twice that):")
	if len(pairs) == 0 {
		fmt.Println("  none")
	}
	for _, p := range pairs {
		fmt.Printf("  %-18s %4d ms\n", p, s.OneWayMs[p])
	}
	if s.JitterMs > 0 {
		fmt.Printf("jitter: +/- %d ms\n", s.JitterMs)
	}
	if len(s.Partitioned) > 0 {
		fmt.Printf("cut off: %s\n", strings.Join(s.Partitioned, ", "))
	} else {
		fmt.Println("cut off: none")
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// defaultLab is .lab at the root of the repository the command runs in.
func defaultLab() string {
	if v := os.Getenv("LAB_ROOT"); v != "" {
		return v
	}
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return filepath.Join(d, ".lab")
		}
		if filepath.Dir(d) == d {
			return filepath.Join(dir, ".lab")
		}
	}
}
