package main

import "testing"

func TestFirstError(t *testing.T) {
	out := "Plan: 2 to add\n\nError: Connector Not Configured\n\n  with geokafka_replication_link.out[\"eu-west\"],\n  on main.tf line 62, in resource \"geokafka_replication_link\" \"out\":\n  62: resource \"geokafka_replication_link\" \"out\" {\n\nConnector x: cannot reach Kafka Connect at\nhttp://127.0.0.1:8083: connection refused\n\nError: Other\n"
	if got, want := firstError(out), "Connector Not Configured: Connector x: cannot reach Kafka Connect at http://127.0.0.1:8083: connection refused"; got != want {
		t.Errorf("firstError = %q, want %q", got, want)
	}
}
