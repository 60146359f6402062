package blueprint

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/lazyre"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// ValidateOpenAPI runs kin-openapi's validation of a document. API Gateway
// names the parameter of a greedy path /{proxy+} "proxy" (so do its own
// exports), while OpenAPI tooling reads the template as a parameter named
// "proxy+"; the check runs on a view of the paths written /{proxy}, the
// document itself keeps API Gateway's form.
func ValidateOpenAPI(doc *openapi3.T) error {
	view := *doc
	view.Paths = openapi3.NewPaths()
	for path, item := range doc.Paths.Map() {
		if strings.Contains(path, "+}") {
			// A CORS preflight declares no greedy parameter; the path
			// item's declaration stands for it in the view.
			copied := *item
			for _, s := range SplitPath(path) {
				if s.Greedy {
					copied.Parameters = append(slices.Clone(copied.Parameters), &openapi3.ParameterRef{Value: openapi3.NewPathParameter(s.Name).WithSchema(openapi3.NewStringSchema())})
				}
			}
			item = &copied
		}
		view.Paths.Set(strings.ReplaceAll(path, "+}", "}"), item)
	}
	return view.Validate(context.Background())
}

// ValidateOpenAPINode is [ValidateOpenAPI] for a document held as YAML
// nodes: the team's document when it is read, the completed one when it
// is written.
func ValidateOpenAPINode(root *yaml.Node) error {
	v, err := yamlout.Decode(root)
	if err != nil {
		return err
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return ValidateOpenAPIJSON(data)
}

// ValidateOpenAPIJSON is [ValidateOpenAPI] for a document held as JSON:
// it is loaded first, so that its references are resolved.
func ValidateOpenAPIJSON(data []byte) error {
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return err
	}
	return ValidateOpenAPI(doc)
}

// kinOperation and kinSchema find what kin-openapi's message is about: an
// operation, or a schema of the components.
var (
	kinOperation = lazyre.New(`invalid path ([^:]+): invalid operation ([A-Z]+)`)
	kinSchema    = lazyre.New(`invalid components: schema "([^"]+)"`)
)

// checkDocument validates the team's document (as API Gateway will import
// it) with kin-openapi, so that what breaks OpenAPI, such as an example
// its own schema refuses, is reported in the document, at the operation or
// schema the message names.
func (r *docReader) checkDocument(doc *APIDocument) {
	err := ValidateOpenAPINode(doc.Root)
	if err == nil {
		return
	}
	msg := err.Error()
	var at *yaml.Node
	where := ""
	if m := kinOperation.FindStringSubmatch(msg); m != nil {
		path := strings.ReplaceAll(m[1], "}", "+}")
		for _, o := range doc.Operations {
			if o.Method == m[2] && (o.Path == m[1] || o.Path == path) {
				at, where = o.Node, o.Label()
			}
		}
	} else if m := kinSchema.FindStringSubmatch(msg); m != nil {
		at = yamlout.Key(yamlout.Value(yamlout.Value(doc.Root, "components"), "schemas"), m[1])
		where = "components.schemas." + m[1]
	}
	if at == nil {
		at = doc.Root
	}
	if i := strings.IndexByte(msg, '\n'); i > 0 {
		msg = msg[:i] // kin-openapi follows with the schema and the value
	}
	r.problem(r.name, at, where, "make the document valid OpenAPI: check it with an OpenAPI validator", "the document is not valid OpenAPI: %s", msg)
}
