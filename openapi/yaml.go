package openapi

import (
	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
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

// orderIntegrations orders the integration of every operation: API
// Gateway reads x-amazon-apigateway-integration on operations only, so
// only paths' items' entries are looked at, not the whole tree.
//
// Each path's item is its own: a large document's are ordered side by side.
func orderIntegrations(root *yaml.Node) {
	paths := yamlout.Value(root, "paths")
	if paths == nil {
		return
	}
	// Paths are numbered by entry: path i's item is Content[2i+1].
	order := func(_, from, to int) {
		for i := from; i < to; i++ {
			item := paths.Content[2*i+1]
			for j := 1; j < len(item.Content); j += 2 {
				if op := item.Content[j]; op.Kind == yaml.MappingNode {
					if in := yamlout.Value(op, ExtIntegration); in != nil {
						yamlout.OrderKeys(in, integrationOrder)
					}
				}
			}
		}
	}
	sidebyside.LargeChunks(len(paths.Content)/2, order)
}
