package provider

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var clusterKeyPattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

var basetypesObjectAsOptions = basetypes.ObjectAsOptions{}

func errorf(format string, args ...any) error {
	return errors.New(fmt.Sprintf(format, args...)) //nolint:revive // keeps call sites short
}
