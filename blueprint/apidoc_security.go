package blueprint

import (
	"fmt"
	"maps"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// security derives each operation's authorizer (by operation index) from
// the document's security requirements and api.authorizers: an OAuth 2,
// OpenID Connect or bearer scheme bound to a user pool becomes that pool's
// Cognito authorizer with the requirement's scopes; an operation with no
// requirement, or security: [], is public. What API Gateway cannot check
// is reported where the document says it.
func (r *docReader) security(b *Blueprint, doc *APIDocument) (auths map[int]*RouteAuth, unresolved map[int]bool) {
	a := b.API
	schemes := yamlout.Value(yamlout.Value(r.root, "components"), "securitySchemes")
	pools := map[string]bool{}
	for _, p := range b.UserPools {
		pools[p.Name] = true
	}
	// bindings are api.authorizers, a scheme's name misspelt there read as
	// the scheme meant: that the scheme is then bound to no pool, and its
	// operations have no auth, would only repeat the misspelling.
	bindings := maps.Clone(a.Authorizers) // nil, and only read, without authorizers
	for _, name := range sortedKeys(a.Authorizers) {
		at := joinPath("api.authorizers", name)
		if yamlout.Value(schemes, name) == nil {
			names := schemeNames(schemes)
			fix := "name one of the document's security schemes: " + strings.Join(names, ", ")
			meant := Closest(name, names)
			if meant != "" {
				fix = meantText(meant)
			} else if len(names) == 1 {
				meant = names[0] // the document's only scheme
			}
			if _, bound := a.Authorizers[meant]; meant != "" && !bound {
				bindings[meant] = a.Authorizers[name]
			}
			r.d.failAt(at, fix, fmt.Sprintf("%s has no security scheme %q", r.name, name))
		}
		if pool := a.Authorizers[name]; !pools[pool] {
			r.d.failAt(at, nameFix(pool, namesOf(b.UserPools, userPoolName), "add the pool to userPools, or name one of them"), fmt.Sprintf("user pool %q is not in userPools", pool))
		}
	}
	checked := map[string]bool{}
	out := map[int]*RouteAuth{}
	unresolved = map[int]bool{}
	rootSecurity := yamlout.Value(r.root, "security")
	for oi, o := range doc.Operations {
		sec := yamlout.Value(o.Node, "security")
		where := o.Label() + ".security"
		if sec == nil {
			sec, where = rootSecurity, "security"
		}
		if sec == nil || sec.Kind != yaml.SequenceNode || len(sec.Content) == 0 {
			continue // public
		}
		if len(sec.Content) > 1 {
			r.problem(r.name, sec, where, "keep one requirement (one scheme) for the operation, or write security: [] for a public one", "%s lists %d alternative security requirements: API Gateway puts one authorizer in front of a method", o.Label(), len(sec.Content))
			continue
		}
		req := sec.Content[0]
		if req.Kind != yaml.MappingNode || len(req.Content) == 0 {
			r.problem(r.name, req, where, "write security: [] for a public operation, or name one scheme", "%s: an empty requirement makes authentication optional, which API Gateway cannot do", o.Label())
			continue
		}
		if len(req.Content) > 2 {
			r.problem(r.name, req, where, "require one scheme", "%s requires %d schemes together: API Gateway puts one authorizer in front of a method", o.Label(), len(req.Content)/2)
			continue
		}
		name, scopesNode := req.Content[0].Value, req.Content[1]
		scheme := yamlout.Value(schemes, name)
		if scheme == nil {
			r.problem(r.name, req.Content[0], where, "declare it under components.securitySchemes", "%s requires the security scheme %q, which the document does not declare", o.Label(), name)
			continue
		}
		if !checked[name] {
			checked[name] = true
			r.checkScheme(bindings, name, scheme)
		}
		pool, bound := bindings[name]
		if !bound || !pools[pool] || !schemeEnforceable(scheme) {
			unresolved[oi] = true // each has a problem of its own
			continue
		}
		auth := &RouteAuth{UserPool: pool}
		for _, s := range scopesNode.Content {
			auth.Scopes = append(auth.Scopes, s.Value)
		}
		out[oi] = auth
	}
	return out, unresolved
}

// checkScheme reports a security scheme API Gateway cannot enforce, or one
// bindings (api.authorizers as read) do not bind to a user pool.
func (r *docReader) checkScheme(bindings map[string]string, name string, scheme *yaml.Node) {
	where := "components.securitySchemes." + name
	typ := scalarValue(yamlout.Value(scheme, "type"))
	httpScheme := strings.ToLower(scalarValue(yamlout.Value(scheme, "scheme")))
	switch {
	case typ == "http" && httpScheme == "basic":
		r.problem(r.name, scheme, where, "use an OAuth 2 or bearer scheme bound to a Cognito user pool (api.authorizers), or check the credentials in the service and make the operations public (security: [])", "HTTP basic authentication: API Gateway has no authorizer that checks a user name and password")
	case typ == "http" && httpScheme != "bearer":
		r.problem(r.name, scheme, where, "use a bearer or OAuth 2 scheme bound to a Cognito user pool", "HTTP %s authentication: API Gateway checks bearer tokens only", httpScheme)
	case typ == "apiKey":
		r.problem(r.name, scheme, where, "use an OAuth 2 or bearer scheme bound to a Cognito user pool (API keys identify usage plans, they do not authenticate)", "an API key scheme: gen binds security schemes to Cognito user pools only")
	case typ == "mutualTLS":
		r.problem(r.name, scheme, where, "use an OAuth 2 or bearer scheme bound to a Cognito user pool", "mutual TLS is set on a custom domain name, not per operation")
	case !schemeEnforceable(scheme):
		r.problem(r.name, scheme, where, "use an OAuth 2, OpenID Connect or bearer scheme", "security scheme type %q: API Gateway cannot check it", typ)
	default:
		if _, ok := bindings[name]; !ok {
			r.problem(r.name, scheme, where, fmt.Sprintf("bind it to a user pool in the Blueprint: api.authorizers: {%s: POOL}", name), "the operations require the security scheme %q, and api.authorizers binds it to no user pool", name)
		}
	}
}

// schemeEnforceable reports whether a Cognito authorizer can check the
// scheme's tokens: OAuth 2, OpenID Connect, HTTP bearer.
func schemeEnforceable(scheme *yaml.Node) bool {
	switch scalarValue(yamlout.Value(scheme, "type")) {
	case "oauth2", "openIdConnect":
		return true
	case "http":
		return strings.EqualFold(scalarValue(yamlout.Value(scheme, "scheme")), "bearer")
	}
	return false
}

// scalarValue is a scalar node's value, "" for nil or another kind.
func scalarValue(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// schemeNames lists the security schemes of the document.
func schemeNames(schemes *yaml.Node) []string {
	var names []string
	if schemes != nil {
		for i := 0; i+1 < len(schemes.Content); i += 2 {
			names = append(names, schemes.Content[i].Value)
		}
	}
	if len(names) == 0 {
		return []string{"(none)"}
	}
	return names
}
