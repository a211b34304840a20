package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/geokafka/terraform-provider-geokafka/internal/replication"
)

var _ function.Function = (*remoteTopicNameFunction)(nil)

type remoteTopicNameFunction struct{}

// NewRemoteTopicNameFunction is the constructor of provider::geokafka::remote_topic_name.
func NewRemoteTopicNameFunction() function.Function { return &remoteTopicNameFunction{} }

func (f *remoteTopicNameFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "remote_topic_name"
}

func (f *remoteTopicNameFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Name of a topic on the target of a prefixed replication link",
		MarkdownDescription: "Returns the name MirrorMaker's `DefaultReplicationPolicy` gives `topic` " +
			"on the target of a link whose source alias is `source_alias`: `<source_alias><separator><topic>`. " +
			"The optional third argument is the separator (default `.`), as set by the link's `separator`.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "source_alias",
				MarkdownDescription: "The link's `source_alias` (by default its source cluster key).",
			},
			function.StringParameter{
				Name:                "topic",
				MarkdownDescription: "The topic's name on the source cluster.",
			},
		},
		VariadicParameter: function.StringParameter{
			Name:                "separator",
			MarkdownDescription: "Optional separator; at most one.",
		},
		Return: function.StringReturn{},
	}
}

func (f *remoteTopicNameFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var alias, topic string
	var seps []string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &alias, &topic, &seps))
	if resp.Error != nil {
		return
	}
	sep := "."
	switch len(seps) {
	case 0:
	case 1:
		sep = seps[0]
	default:
		resp.Error = function.NewArgumentFuncError(2, fmt.Sprintf("remote_topic_name takes at most one separator, got %d", len(seps)))
		return
	}
	if alias == "" || topic == "" || sep == "" {
		resp.Error = function.NewFuncError("source_alias, topic and separator must not be empty")
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, replication.RemoteTopicName(alias, sep, topic)))
}
