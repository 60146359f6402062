package diff

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/openapi"
)

// APIFile is the API document gen writes beside the template; Compare
// compares it as an API, not as a template.
const APIFile = "openapi.yaml"

// APIReport is the comparison of two API documents (openapi.yaml): the
// operations added and removed, and for each operation on both sides what
// changed in what the gateway checks and where it sends the request.
type APIReport struct {
	// Added and Removed are operations, "GET /orders/{id}".
	Added, Removed []string
	// Changed are operations on both sides whose checks or integration
	// changed, each with its changes.
	Changed []APIChange
}

// APIChange is one operation's changes.
type APIChange struct {
	Operation string
	Changes   []string
}

// Empty reports whether the documents serve the same API.
func (r APIReport) Empty() bool { return len(r.Added)+len(r.Removed)+len(r.Changed) == 0 }

// operation is an operation of a document, with the parameters its path
// item declares for all its operations.
type operation struct {
	op         map[string]any
	pathParams any
}

// apiDoc is a document as plain values, for lookups.
type apiDoc map[string]any

// APIs compares two API documents; either may be absent (nil).
func APIs(old, new []byte) (APIReport, error) {
	var r APIReport
	a, err := readAPI(old)
	if err != nil {
		return r, err
	}
	b, err := readAPI(new)
	if err != nil {
		return r, err
	}
	ops := [2]map[string]*operation{a.operations(), b.operations()}
	for _, key := range unionKeys(ops[0], ops[1]) {
		x, y := ops[0][key], ops[1][key]
		switch {
		case x == nil:
			r.Added = append(r.Added, key)
		case y == nil:
			r.Removed = append(r.Removed, key)
		default:
			var changes []string
			for _, aspect := range apiAspects {
				was, is := aspect.of(a, x), aspect.of(b, y)
				if was != is {
					changes = append(changes, fmt.Sprintf("%s: %s -> %s", aspect.name, orNone(was), orNone(is)))
				}
			}
			compare("request body schema", nil, a.bodySchema(x.op), b.bodySchema(y.op), func(path string, _ []string, old, new any) {
				changes = append(changes, fmt.Sprintf("%s: %s -> %s", path, show(old), show(new)))
			})
			if len(changes) > 0 {
				r.Changed = append(r.Changed, APIChange{Operation: key, Changes: changes})
			}
		}
	}
	return r, nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func readAPI(data []byte) (apiDoc, error) {
	if data == nil {
		return apiDoc{}, nil
	}
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, fmt.Errorf("%s: %w", APIFile, err)
	}
	if len(n.Content) == 0 {
		return apiDoc{}, nil
	}
	v, err := decode(n.Content[0])
	if err != nil {
		return nil, fmt.Errorf("%s: %w", APIFile, err)
	}
	return apiDoc(v), nil
}

// operations are the document's operations by "METHOD /path".
func (d apiDoc) operations() map[string]*operation {
	out := map[string]*operation{}
	paths, _ := d["paths"].(map[string]any)
	for path, item := range paths {
		m, _ := item.(map[string]any)
		for _, key := range blueprint.OperationKeys {
			if op, ok := m[key].(map[string]any); ok {
				out[blueprint.OperationMethod(key)+" "+path] = &operation{op: op, pathParams: m["parameters"]}
			}
		}
	}
	return out
}

// apiAspects are what a reviewer of an API change needs to see per
// operation: what the gateway refuses before a task sees the request, who
// may call it, and where it goes.
var apiAspects = []struct {
	name string
	of   func(d apiDoc, o *operation) string
}{
	{"request validator", func(d apiDoc, o *operation) string {
		s, _ := o.op[openapi.ExtRequestValidator].(string)
		return s
	}},
	{"required parameters", func(d apiDoc, o *operation) string {
		var names []string
		for _, list := range []any{o.pathParams, o.op["parameters"]} {
			l, _ := list.([]any)
			for _, p := range l {
				m := d.resolve(p)
				if m["required"] == true {
					names = append(names, fmt.Sprintf("%v %v", m["in"], m["name"]))
				}
			}
		}
		sort.Strings(names)
		return strings.Join(names, ", ")
	}},
	{"security", func(d apiDoc, o *operation) string {
		sec, ok := o.op["security"]
		if !ok {
			sec = d["security"]
		}
		j, _ := json.Marshal(sec)
		if string(j) == "null" || string(j) == "[]" {
			return "public"
		}
		return string(j)
	}},
	{"integration", func(d apiDoc, o *operation) string {
		in, _ := o.op[openapi.ExtIntegration].(map[string]any)
		if in == nil {
			return ""
		}
		return fmt.Sprintf("%v %v", in["type"], in["uri"])
	}},
}

// resolve follows a local $ref.
func (d apiDoc) resolve(v any) map[string]any {
	m, _ := v.(map[string]any)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var cur any = map[string]any(d)
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		next, _ := cur.(map[string]any)
		cur = next[strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~")]
	}
	m, _ = cur.(map[string]any)
	return m
}

// bodySchema is the operation's JSON request body schema with its $refs
// written out, so that a change to a shared schema shows on every
// operation it reaches; nil without one.
func (d apiDoc) bodySchema(op map[string]any) any {
	body := d.resolve(op["requestBody"])
	content, _ := body["content"].(map[string]any)
	mt, _ := content["application/json"].(map[string]any)
	if mt == nil {
		return nil
	}
	return d.expand(mt["schema"], map[string]bool{})
}

// expand is a schema with its $refs written out (a ref to a schema it is
// already inside stays a ref), without what the gateway does not check.
func (d apiDoc) expand(v any, seen map[string]bool) any {
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok && !seen[ref] {
				seen[ref] = true
				defer delete(seen, ref)
				return walk(d.resolve(x))
			}
			out := map[string]any{}
			for k, e := range x {
				if k == "example" || k == "examples" || k == "description" {
					continue // not what the gateway checks
				}
				out[k] = walk(e)
			}
			return out
		case []any:
			out := make([]any, len(x))
			for i, e := range x {
				out[i] = walk(e)
			}
			return out
		}
		return v
	}
	if v == nil {
		return nil
	}
	return walk(v)
}

// WriteAPI prints an API comparison for a reviewer.
func WriteAPI(w io.Writer, r APIReport) {
	if r.Empty() {
		return
	}
	fmt.Fprintf(w, "%s (the API)\n", APIFile)
	for _, op := range r.Added {
		fmt.Fprintf(w, "  added operation %s\n", op)
	}
	for _, op := range r.Removed {
		fmt.Fprintf(w, "  removed operation %s (clients calling it get 403 Missing Authentication Token)\n", op)
	}
	for _, c := range r.Changed {
		fmt.Fprintf(w, "  changed operation %s\n", c.Operation)
		for _, change := range c.Changes {
			fmt.Fprintf(w, "      %s\n", shorten(change))
		}
	}
	fmt.Fprintf(w, "API: %d operations added, %d removed, %d changed\n", len(r.Added), len(r.Removed), len(r.Changed))
}

// shorten keeps a change line readable.
func shorten(s string) string {
	if len(s) <= 400 {
		return s
	}
	return s[:397] + "..."
}

// hasAPI reports whether files hold an API document.
func hasAPI(files map[string][]byte) bool {
	_, ok := files[APIFile]
	return ok
}

// withoutAPI are the files but the API document.
func withoutAPI(files map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(files))
	for k, v := range files {
		if k != APIFile {
			out[k] = v
		}
	}
	return out
}
