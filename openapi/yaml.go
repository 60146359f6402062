package openapi

import (
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// File is the name gen gives the document, beside the template; a template
// whose document is too large to embed reads it from there.
const File = blueprint.OpenAPIFile

// YAML writes the document as openapi.yaml, keys in the order API Gateway's own
// exports use.
func YAML(doc *openapi3.T) ([]byte, error) {
	// The pointer: the value's marshalers drop top-level extensions. The
	// builder lowers the typed document as it writes it (see lower).
	b := yamlout.NewLoweringBuilder(lower)
	root := b.Node(doc)
	if err := b.Err(); err != nil {
		return nil, err
	}
	yamlout.OrderKeys(root, []string{"openapi", "info", "servers", "paths", "components"})
	if info := yamlout.Value(root, "info"); info != nil {
		yamlout.OrderKeys(info, []string{"title", "description", "version"})
	}
	orderIntegrations(root)
	yamlout.Plain(root)
	return yamlout.Encode(root)
}

// integrationOrder puts what an integration is and where it goes first.
var integrationOrder = []string{"type", "httpMethod", "uri", "connectionType", "connectionId", "passthroughBehavior", "requestParameters", "requestTemplates", "timeoutInMillis", "tlsConfig", "responses"}

func orderIntegrations(n *yaml.Node) {
	if n.Kind == yaml.MappingNode {
		if in := yamlout.Value(n, ExtIntegration); in != nil {
			yamlout.OrderKeys(in, integrationOrder)
		}
	}
	for _, c := range n.Content {
		orderIntegrations(c)
	}
}
