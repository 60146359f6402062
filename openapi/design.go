package openapi

import (
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// The request validators a design-first document declares: the gateway
// always checks an operation's required parameters (path, query string,
// headers) and, where the operation has a JSON body, the body against its
// model.
const (
	ValidatorBodyAndParameters = "body-and-parameters"
	ValidatorParameters        = "parameters"
)

// Design is the team's document (api.openapi) completed for API Gateway:
// each operation gets the integration of its route and a request
// validator, an operation that inherits the document's security gets it
// written out (the same requirement), the security schemes bound to user
// pools become their Cognito authorizers, and with api.cors the preflights
// and gateway responses are added. Nothing the team wrote is removed or
// changed, but the security schemes API Gateway needs in its own form
// (docs/api-design-first.md). The tree returned is a copy.
func Design(b *blueprint.Resolved, v Values) (*yaml.Node, error) {
	doc := b.APIDocument()
	if doc == nil || b.API == nil {
		return nil, fmt.Errorf("openapi: the Blueprint names no API document")
	}
	root := yamlout.Copy(doc.Root)
	paths := yamlout.Value(root, "paths")
	rootSecurity := yamlout.Value(root, "security")
	services := b.ServicesByName()
	for _, o := range doc.Operations {
		if o.Route < 0 {
			return nil, fmt.Errorf("openapi: %s reaches no service", o.Label())
		}
		r := b.API.Routes[o.Route]
		op := yamlout.Value(yamlout.Value(paths, o.Path), blueprint.OperationKey(o.Method))
		if op == nil {
			return nil, fmt.Errorf("openapi: %s is not in the document", o.Label())
		}
		if o.InheritsSecurity {
			// The same requirement, on the operation: API Gateway then puts
			// the authorizer in front of the method whatever it makes of a
			// document-wide requirement.
			op.Content = append(op.Content, yamlout.Scalar("security"), yamlout.Copy(rootSecurity))
		}
		validator := ValidatorParameters
		if o.ValidatesBody {
			validator = ValidatorBodyAndParameters
		}
		in, err := valueNode(integration(b, r, services[r.Service], v))
		if err != nil {
			return nil, err
		}
		yamlout.OrderKeys(in, integrationOrder)
		op.Content = append(op.Content, yamlout.Scalar(ExtRequestValidator), yamlout.Scalar(validator), yamlout.Scalar(ExtIntegration), in)
	}
	root.Content = append(root.Content, yamlout.Scalar(ExtRequestValidators), yamlout.FromValue(map[string]any{
		ValidatorBodyAndParameters: map[string]any{"validateRequestBody": true, "validateRequestParameters": true},
		ValidatorParameters:        map[string]any{"validateRequestBody": false, "validateRequestParameters": true},
	}, nil))
	if err := bindAuthorizers(b, root, v); err != nil {
		return nil, err
	}
	if b.API.CORS != nil {
		if err := designCORS(b, root, paths); err != nil {
			return nil, err
		}
	}
	return root, nil
}

// bindAuthorizers writes each security scheme bound to a user pool in the
// form API Gateway reads a Cognito authorizer in: AWS documents the
// securitySchemes type of an authorizer as apiKey (the Authorization
// header), with the pool in x-amazon-apigateway-authorizer. The scheme's
// name, and so every security requirement and its scopes, stays; its
// description too.
func bindAuthorizers(b *blueprint.Resolved, root *yaml.Node, v Values) error {
	schemes := yamlout.Value(yamlout.Value(root, "components"), "securitySchemes")
	if schemes == nil {
		return nil
	}
	for i := 0; i+1 < len(schemes.Content); i += 2 {
		pool, ok := b.API.Authorizers[schemes.Content[i].Value]
		if !ok {
			continue
		}
		scheme := cognitoScheme(v.UserPoolARN(pool))
		scheme.Description = scalar(yamlout.Value(schemes.Content[i+1], "description"))
		value, err := plain(scheme)
		if err != nil {
			return err
		}
		n := yamlout.FromValue(value, nil)
		yamlout.OrderKeys(n, []string{"type", "name", "in", "description", ExtAuthType, ExtAuthorizer})
		yamlout.OrderKeys(yamlout.Value(n, ExtAuthorizer), []string{"type", "providerARNs"})
		schemes.Content[i+1] = n
	}
	return nil
}

// scalar is a scalar node's value, "" for nil.
func scalar(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	return n.Value
}

// designCORS adds the preflight operations and CORS gateway responses that
// api.cors asks for, built as for a generated document.
func designCORS(b *blueprint.Resolved, root, paths *yaml.Node) error {
	scratch := &openapi3.T{Paths: openapi3.NewPaths(), Extensions: map[string]any{}}
	for _, r := range b.API.Routes {
		if scratch.Paths.Value(r.Path) == nil {
			scratch.Paths.Set(r.Path, &openapi3.PathItem{})
		}
	}
	addCORS(scratch, b.API, b.API.CORS, operationIDs{})
	for path, item := range scratch.Paths.Map() {
		op, err := plain(item.Options)
		if err != nil {
			return err
		}
		delete(op.(map[string]any), "tags") // the team's tags are the team's
		n := yamlout.FromValue(op, nil)
		yamlout.OrderKeys(n, []string{"summary", "description", "operationId", "parameters", "responses"})
		target := yamlout.Value(paths, path)
		target.Content = append(target.Content, yamlout.Scalar("options"), n)
	}
	root.Content = append(root.Content, yamlout.Scalar(ExtGatewayResponses), yamlout.FromValue(scratch.Extensions[ExtGatewayResponses], nil))
	return nil
}

// valueNode is a value built as for a generated document, as YAML nodes
// (through its JSON, which turns Go's ints into numbers).
func valueNode(v any) (*yaml.Node, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return yamlout.FromJSON(data, nil)
}

// DesignYAML writes a completed design-first document as openapi.yaml, in
// the team's order and, for a YAML document, its styles.
func DesignYAML(root *yaml.Node, fromJSON bool) ([]byte, error) {
	if fromJSON {
		yamlout.Plain(root)
	}
	return yamlout.Encode(root)
}

// DesignValue is the completed document as plain values (maps, lists,
// scalars), for the template's Body.
func DesignValue(root *yaml.Node) (any, error) {
	return yamlout.Decode(root)
}

// ValidateDesign checks a completed document with kin-openapi, as Validate
// checks a generated one.
func ValidateDesign(root *yaml.Node) error {
	if err := blueprint.ValidateOpenAPINode(root); err != nil {
		return fmt.Errorf("openapi: the completed document is invalid: %w", err)
	}
	return nil
}
