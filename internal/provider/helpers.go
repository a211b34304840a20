package provider

import (
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
)

var clusterKeyPattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)

var basetypesObjectAsOptions = basetypes.ObjectAsOptions{}
