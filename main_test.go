package main

import (
	"reflect"
	"testing"
)

func TestQuietSDKLogs(t *testing.T) {
	none := func(string) string { return "" }
	if got := quietSDKLogs(none); !reflect.DeepEqual(got, []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}) {
		t.Fatalf("no log variable set: %v", got)
	}
	for _, k := range logSettings {
		set := func(v string) string {
			if v == k {
				return "DEBUG"
			}
			return ""
		}
		if got := quietSDKLogs(set); got != nil {
			t.Errorf("%s set: the SDK logs are turned off (%v)", k, got)
		}
	}
}
