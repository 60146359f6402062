package openapi

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ecsgate/ecsgate/blueprint"
)

// Starter is a first design-first document for a Blueprint written with
// api.routes, and the Blueprint settings that serve it as the routes do:
// the team takes the document over and the Blueprint names it (gen
// openapi). The document has each route's operation (its operationId,
// summary, description, tag and parameters) without ecsgate's additions,
// which the render adds again; a user pool's authorizer becomes an OAuth 2
// scheme (with the scopes the routes ask for) or, without scopes, a bearer
// scheme.
type Starter struct {
	// Document is the starting document, OpenAPI 3.0.
	Document *openapi3.T
	// Serve and Authorizers are the api.serve and api.authorizers that give
	// every operation its route's service, integration and authorizer.
	Serve       []blueprint.ServeRule
	Authorizers map[string]string
}

// ErrNoRoutes is NewStarter's error for a Blueprint without api.routes.
var ErrNoRoutes = errors.New("the Blueprint has no api.routes to start a document from")

// NewStarter writes the starting document of b's routes.
func NewStarter(b *blueprint.Resolved) (*Starter, error) {
	if b.API == nil || len(b.API.Routes) == 0 {
		return nil, fmt.Errorf("openapi: %w", ErrNoRoutes)
	}
	api := *b.API
	api.CORS = nil // api.cors adds the preflights again
	bp := *b.Blueprint
	bp.API = &api
	plain := *b
	plain.Blueprint = &bp
	doc, err := Document(&plain, FileValues(&plain))
	if err != nil {
		return nil, err
	}
	doc.Servers = nil
	doc.Info.Description = "Written by gen openapi from the routes of Blueprint " + b.Name + ": the team's document from now on."
	doc.Extensions = nil
	ids := map[string]string{} // method and path to operationId
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			delete(op.Extensions, ExtIntegration)
			ids[method+" "+path] = op.OperationID
		}
		if op, ok := item.Extensions[blueprint.AnyMethodKey].(*openapi3.Operation); ok {
			delete(op.Extensions, ExtIntegration)
			ids[blueprint.MethodAny+" "+path] = op.OperationID
		}
	}
	s := &Starter{Document: doc, Authorizers: map[string]string{}}
	scopes := map[string][]string{}
	for _, r := range b.API.Routes {
		if r.Auth != nil {
			s.Authorizers[r.Auth.UserPool] = r.Auth.UserPool
			for _, sc := range r.Auth.Scopes {
				if !slices.Contains(scopes[r.Auth.UserPool], sc) {
					scopes[r.Auth.UserPool] = append(scopes[r.Auth.UserPool], sc)
				}
			}
		}
		s.serve(r, ids[r.Method+" "+r.Path])
	}
	for name := range doc.Components.SecuritySchemes {
		doc.Components.SecuritySchemes[name] = &openapi3.SecuritySchemeRef{Value: starterScheme(name, scopes[name])}
	}
	return s, nil
}

// serve adds a route's operation to the rule of its service, integration
// and timeout.
func (s *Starter) serve(r blueprint.Route, id string) {
	for i := range s.Serve {
		rule := &s.Serve[i]
		if rule.Service == r.Service && rule.Timeout == r.Timeout && rule.Integration == r.Integration && slices.Equal(rule.Claims, r.Claims) {
			rule.Operations = append(rule.Operations, id)
			return
		}
	}
	s.Serve = append(s.Serve, blueprint.ServeRule{Service: r.Service, Operations: []string{id}, Timeout: r.Timeout, Integration: r.Integration, Claims: r.Claims})
}

// starterScheme is the security scheme of a user pool's tokens: OAuth 2
// (client credentials, the pool's token endpoint to fill in) with the
// scopes the routes ask for, or an HTTP bearer scheme for ID tokens.
func starterScheme(pool string, scopes []string) *openapi3.SecurityScheme {
	if len(scopes) == 0 {
		s := openapi3.NewJWTSecurityScheme()
		s.Description = "ID tokens of the Cognito user pool " + pool + "."
		return s
	}
	flows := map[string]string{}
	for _, sc := range scopes {
		flows[sc] = "Scope " + sc + "."
	}
	return &openapi3.SecurityScheme{
		Type:        "oauth2",
		Description: "Access tokens of the Cognito user pool " + pool + ".",
		Flows: &openapi3.OAuthFlows{ClientCredentials: &openapi3.OAuthFlow{
			TokenURL: "https://YOUR-DOMAIN.auth.REGION.amazoncognito.com/oauth2/token",
			Scopes:   flows,
		}},
	}
}

// BlueprintLines are the api settings that serve the starting document,
// as YAML lines to put in place of api.routes.
func (s *Starter) BlueprintLines(file string) []string {
	lines := []string{"  openapi: " + file, "  serve:"}
	for _, r := range s.Serve {
		lines = append(lines, "    - service: "+r.Service, "      operations: ["+strings.Join(r.Operations, ", ")+"]")
		if r.Timeout != 0 && r.Timeout != blueprint.MaxRouteTimeout {
			lines = append(lines, fmt.Sprintf("      timeout: %d", r.Timeout))
		}
		if r.Integration == blueprint.IntegrationClaims {
			lines = append(lines, "      integration: claims", "      claims: ["+strings.Join(quoteAll(r.Claims), ", ")+"]")
		}
	}
	if len(s.Authorizers) > 0 {
		lines = append(lines, "  authorizers:")
		for _, pool := range sortedNames(s.Authorizers) {
			lines = append(lines, "    "+pool+": "+s.Authorizers[pool])
		}
	}
	return lines
}

func quoteAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

func sortedNames(m map[string]string) []string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
