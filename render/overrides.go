package render

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	jsonpatch "github.com/evanphx/json-patch/v5"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/cfn"
	"github.com/ecsgate/ecsgate/internal/jsonptr"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// applyOverrides applies the Blueprint's overrides that address the stack's
// file to its template, in order: after rendering and splitting, before the
// layout, so that a patched value is laid out (key order, short-form
// intrinsics) like every other. A patched template must still resolve every
// reference; a break is a problem at the override that caused it. patched
// reports whether any override addressed the file (validation makes sure
// each names a file gen writes).
func applyOverrides(bp *blueprint.Resolved, st *Stack) (problems blueprint.Problems, patched bool) {
	var indexes []int
	for i, o := range bp.Overrides {
		if o.Template == st.File {
			indexes = append(indexes, i)
		}
	}
	if len(indexes) == 0 {
		return nil, false
	}
	doc, err := nodeJSON(st.Tree)
	if err != nil {
		return blueprint.Problems{bp.Problem("overrides", "the template cannot be patched: "+err.Error(), "report this to ecsgate")}, true
	}
	for _, i := range indexes {
		next, problem, ok := applyOverride(bp, "overrides", i, doc, st.File)
		if !ok {
			problems = append(problems, problem)
			continue
		}
		doc = next
	}
	if len(problems) > 0 {
		return problems, true
	}
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return blueprint.Problems{bp.Problem("overrides", "the patched template is not JSON: "+err.Error(), "check the override values")}, true
	}
	node := yamlout.FromValue(v, nil)
	if node.Kind != yaml.MappingNode {
		return blueprint.Problems{bp.Problem(blueprint.IndexPath("overrides", indexes[len(indexes)-1]), "the patched "+st.File+" is no longer a template", "patch inside the template, not the whole document")}, true
	}
	// Literal "${" an override writes is kept literal, as elsewhere.
	keepLiteral(node)
	st.Tree = node
	for _, broken := range cfn.Unresolved(node) {
		i := blame(bp, indexes, broken)
		to := broken.Reference.Target()
		problems = append(problems, bp.Problem(blueprint.IndexPath("overrides", i),
			fmt.Sprintf("after the overrides, %s in %s refers to %s (%s), which %s does not have", broken.From, st.File, to, broken.Reference.Kind, st.File),
			fmt.Sprintf("keep %s, or patch %s so that it no longer refers to it", broken.Reference.Name, broken.From)))
	}
	return problems, true
}

// applyOverride applies override i of field (overrides or apiOverrides) to
// the JSON document doc, or returns the problem.
func applyOverride(bp *blueprint.Resolved, field string, i int, doc []byte, file string) ([]byte, blueprint.Problem, bool) {
	list := bp.Overrides
	if field == "apiOverrides" {
		list = bp.APIOverrides
	}
	o := list[i]
	op := map[string]any{"op": o.Op, "path": o.Path}
	if o.From != "" {
		op["from"] = o.From
	}
	if o.Value != nil {
		op["value"] = jsonValue(o.Value)
	}
	raw, err := json.Marshal([]any{op})
	path := blueprint.IndexPath(field, i)
	if err != nil {
		return nil, bp.Problem(path+".value", "is not a JSON value: "+err.Error(), "write a value JSON can hold"), false
	}
	patch, err := jsonpatch.DecodePatch(raw)
	if err == nil {
		var patched []byte
		if patched, err = patch.Apply(doc); err == nil {
			return patched, blueprint.Problem{}, true
		}
	}
	msg := fmt.Sprintf("%s %s cannot be applied to %s: %s", o.Op, o.Path, file, patchError(err))
	fix := "point path at a key or index that exists in " + file + " (for add, its parent must exist); logical IDs are those of the rendered file"
	if missing, meant := missingPart(doc, o.Op, o.Path); missing != "" {
		msg = fmt.Sprintf("%s %s cannot be applied to %s: %s", o.Op, o.Path, file, missing)
		if meant != "" {
			fix = meant
		}
	}
	if o.Op == "test" {
		fix = "the test guards the operations after it: update its value, or drop it"
	}
	return nil, bp.Problem(path+".path", msg, fix), false
}

// missingPart says where an override's path leaves the document: the
// value it reaches last and the key or index that value does not have,
// with the key it is a typo of. An add needs only the path's parent, and
// an add to a list's end (-) the list. "", "" when the path resolves.
func missingPart(doc []byte, op, pointer string) (missing, meant string) {
	var v any
	if json.Unmarshal(doc, &v) != nil {
		return "", ""
	}
	list := ""
	if op == "add" {
		if i := strings.LastIndexByte(pointer, '/'); i >= 0 {
			if pointer[i:] == "/-" {
				list = pointer[:i] // the list an item is added to the end of
			}
			pointer = pointer[:i]
		}
	}
	parent, value, token, ok := jsonptr.Missing(v, pointer)
	if !ok {
		return "", ""
	}
	at := parent
	if at == "" {
		at = "the document"
	}
	switch x := value.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(x))
		meant := blueprint.DidYouMean(token, keys)
		if meant == "" && list == parent+"/"+jsonptr.Escape(token) {
			meant = fmt.Sprintf("add the list itself, with the item in it: op: add, path: %s, value: [ITEM]", list)
		}
		return fmt.Sprintf("%s has no key %q", at, token), meant
	case []any:
		if len(x) == 0 {
			return fmt.Sprintf("%s has no index %s (the list is empty)", at, token), ""
		}
		return fmt.Sprintf("%s has no index %s (its indexes are 0 to %d)", at, token, len(x)-1), ""
	}
	return fmt.Sprintf("%s is a single value, with no %q in it", at, token), ""
}

// patchError words the JSON Patch library's error for a user.
func patchError(err error) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "testing value"):
		return "the value there differs from the test's"
	case strings.Contains(s, "missing"), strings.Contains(s, "Unable to"), strings.Contains(s, "out of bounds"):
		return "there is no such key or index"
	}
	return s
}

// jsonValue converts a YAML-decoded value (which may hold map[string]any
// with non-string keys from YAML) into one encoding/json accepts.
func jsonValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = jsonValue(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = jsonValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonValue(x)
		}
		return out
	}
	return v
}

// nodeJSON is the JSON of a template node (long-form intrinsics).
func nodeJSON(n *yaml.Node) ([]byte, error) {
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	return json.Marshal(jsonValue(v))
}

// blame picks the override that broke a reference: the last one whose path
// is inside the resource that is gone or the one that refers to it, else
// the last one on the file.
func blame(bp *blueprint.Resolved, indexes []int, r cfn.Broken) int {
	_, from, _ := strings.Cut(r.From, " ")
	for j := len(indexes) - 1; j >= 0; j-- {
		p := bp.Overrides[indexes[j]].Path
		for _, id := range []string{r.Reference.Name, from} {
			for _, section := range []string{"/Resources/", "/Outputs/", "/Parameters/"} {
				if p == section+id || strings.HasPrefix(p, section+id+"/") {
					return indexes[j]
				}
			}
		}
	}
	return indexes[len(indexes)-1]
}
