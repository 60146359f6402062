package blueprint

import "github.com/ecsgate/ecsgate/internal/yamlout"

// API Gateway's extensions that gen writes, in a generated document and
// into the team's (design first), where the team's document may not write
// them: the document the stack imports would hold the key twice.
const (
	ExtIntegration       = "x-amazon-apigateway-integration"
	ExtRequestValidator  = "x-amazon-apigateway-request-validator"
	ExtRequestValidators = "x-amazon-apigateway-request-validators"
	ExtGatewayResponses  = "x-amazon-apigateway-gateway-responses"
)

// checkGatewayExtensions refuses the API Gateway extensions the team's
// document writes where gen writes its own: an operation's integration and
// request validator, the document's request validators, and with api.cors
// its gateway responses. A document exported from API Gateway with its
// integrations (aws apigateway get-export --parameters
// extensions=integrations) has them on every operation, naming the old
// backend.
func (r *docReader) checkGatewayExtensions(doc *APIDocument, cors bool) {
	for _, o := range doc.Operations {
		if k := yamlout.Key(o.Node, ExtIntegration); k != nil {
			r.problem(r.name, k, o.Label()+"."+ExtIntegration, "remove it (in a document exported from API Gateway, it names the old backend)", "the document writes an integration of its own, and gen writes each operation's, to the service api.serve sends it to")
		}
		if k := yamlout.Key(o.Node, ExtRequestValidator); k != nil {
			r.problem(r.name, k, o.Label()+"."+ExtRequestValidator, "remove it", "the document names a request validator of its own, and gen gives each operation one, of its required parameters and of its JSON body where it has one")
		}
	}
	if k := yamlout.Key(doc.Root, ExtRequestValidators); k != nil {
		r.problem(r.name, k, ExtRequestValidators, "remove them", "the document declares request validators of its own, and gen declares those its operations use")
	}
	if k := yamlout.Key(doc.Root, ExtGatewayResponses); k != nil && cors {
		r.problem(r.name, k, ExtGatewayResponses, "remove them, or api.cors", "the document writes gateway responses of its own, and with api.cors gen writes those that carry the CORS headers")
	}
}
