package validators

import (
	"context"
	"fmt"
	"net"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

type checkValidator struct {
	summary, description string
	check                func(string) error
}

var _ validator.String = checkValidator{}

func (v checkValidator) Description(context.Context) string { return v.description }

func (v checkValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v checkValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, req.Path.String()+": "+err.Error())
	}
}

// HTTPURL checks at plan that a value is an http:// or https:// URL.
func HTTPURL() validator.String {
	return checkValidator{"Invalid URL", "an http:// or https:// URL", CheckHTTPURL}
}

// CheckHTTPURL says what is wrong with the URL of a REST API, if anything.
func CheckHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http:// or https:// URL: write the scheme, the host and the port, for example \"https://connect.example.com:8083\"", s)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q: give the URL without credentials, query or fragment", s)
	}
	return nil
}

// ACLHost checks at plan that a value is what Kafka matches an ACL's host
// against: "*" or one IP address.
func ACLHost() validator.String {
	return checkValidator{"Invalid ACL Host", `"*" or an IP address`, CheckACLHost}
}

// CheckACLHost says what is wrong with an ACL host, if anything.
func CheckACLHost(s string) error {
	if s == "*" || net.ParseIP(s) != nil {
		return nil
	}
	return fmt.Errorf("%q is not an IP address: Kafka matches a binding's host against the client's IP address, never a host name or a network; use \"*\" for any host, or one address such as \"10.0.0.12\"", s)
}
