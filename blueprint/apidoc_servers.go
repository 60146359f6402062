package blueprint

import (
	"strings"

	"github.com/ecsgate/ecsgate/internal/yamlout"
	"gopkg.in/yaml.v3"
)

// readBasePath records the document's base path as API Gateway's import
// finds it: the default of the first server's basePath variable, else the
// path of its URL (/v1 in https://api.example.com/v1).
func (r *docReader) readBasePath(doc *APIDocument) {
	servers := yamlout.Value(r.root, "servers")
	if servers == nil || servers.Kind != yaml.SequenceNode || len(servers.Content) == 0 {
		return
	}
	first := servers.Content[0]
	url := yamlout.Value(first, "url")
	if url == nil || url.Kind != yaml.ScalarNode {
		return
	}
	doc.BasePath = strings.TrimSuffix(basePathOf(url.Value, yamlout.Value(first, "variables")), "/")
	doc.basePathAt = url
}

// basePathOf is a server URL's base path as API Gateway's import finds it:
// the default of a variable named basePath, else the URL's path after its
// host, with each variable given its default.
func basePathOf(url string, variables *yaml.Node) string {
	defaultOf := func(name string) string {
		return scalarValue(yamlout.Value(yamlout.Value(variables, name), "default"))
	}
	if yamlout.Value(variables, "basePath") != nil {
		return defaultOf("basePath")
	}
	if _, rest, ok := strings.Cut(url, "://"); ok {
		_, path, found := strings.Cut(rest, "/")
		if !found {
			return ""
		}
		url = "/" + path
	}
	var b strings.Builder
	for {
		before, rest, open := strings.Cut(url, "{")
		name, after, closed := strings.Cut(rest, "}")
		if !open || !closed {
			b.WriteString(url)
			return b.String()
		}
		b.WriteString(before)
		b.WriteString(defaultOf(name))
		url = after
	}
}

// serverBasePath warns when the team's document puts its operations under
// a base path (/v1 in https://api.example.com/v1) that is not in the
// address clients call. The stack imports the document through the REST
// API's Body, which leaves a base path out (the import's basepath=ignore,
// its default): the operations are at the stage's URL, or CloudFront's
// domain, as the document writes their paths, and a client that calls the
// document's base path gets 403 Missing Authentication Token. A base path
// that is the stage (/v1, stage v1) is what clients call.
func (v *validator) serverBasePath() {
	doc := v.raw.APIDocument()
	if doc == nil || doc.basePathAt == nil || !strings.HasPrefix(doc.BasePath, "/") {
		return
	}
	client := v.b.ClientBasePath()
	if doc.BasePath == client {
		return
	}
	example := "/orders"
	if len(doc.Operations) > 0 {
		example = doc.Operations[0].Path
	}
	at, fix := "the stage's URL", "write "+doc.BasePath+" in front of each of the document's paths ("+doc.BasePath+example+"), or leave it out of the URL"
	if v.b.CDN != nil {
		at = "CloudFront's domain"
	} else if stage := doc.BasePath[1:]; stagePattern.MatchString(stage) {
		fix = "name the stage after it (api.stage: " + stage + "), or leave it out of the URL"
	}
	v.warnings = append(v.warnings, Problem{
		File: doc.Name, Line: doc.basePathAt.Line, Column: doc.basePathAt.Column, Path: "servers[0].url", Warning: true,
		Message: "the base path " + doc.BasePath + " is not in the address clients call: API Gateway's import leaves it out, so the operations are at " + at + " as " + client + example + ", not " + doc.BasePath + example + ", and the services receive " + example,
		Fix:     fix,
	})
}
