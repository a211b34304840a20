package validators

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// HostPort checks at plan that a value is one broker address, host:port.
func HostPort() validator.String {
	return checkValidator{"Invalid Broker Address", "one address, host:port", CheckHostPort}
}

// CheckHostPort says what is wrong with a broker address, if anything.
func CheckHostPort(s string) error {
	if strings.Contains(s, ",") {
		return fmt.Errorf("%q holds several addresses: give each its own list element, for example [\"b1:9092\", \"b2:9092\"]", s)
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" || strings.ContainsAny(host, " \t/") {
		return fmt.Errorf("%q is not host:port: write the broker's host name or IP address, a colon and its port, for example \"kafka-1.example.com:9092\"", s)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%q: the port must be a number from 1 to 65535", s)
	}
	return nil
}
