package main

import "testing"

func TestTookLong(t *testing.T) {
	for l, want := range map[string]bool{
		`geokafka_replication_link.out["eu-west"]: Creation complete after 25s [id=x]`: true,
		`geokafka_topic.t: Modifications complete after 1m2s [id=x]`:                   true,
		`geokafka_acl.a: Destruction complete after 5s`:                                true,
		`geokafka_topic.t: Creation complete after 4s [id=x]`:                          false,
		`geokafka_topic.t: Creation complete after 0s [id=x]`:                          false,
		`Apply complete! Resources: 5 added, 0 changed, 1 destroyed.`:                  false,
		`geokafka_topic.t: Still creating... [10s elapsed]`:                            false,
	} {
		if got := tookLong(l); got != want {
			t.Errorf("tookLong(%q) = %v, want %v", l, got, want)
		}
	}
}
