package blueprint

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// APIDocument is the team's own OpenAPI document (api.openapi): design
// first. Its operations become the API's routes, each served by the
// service an api.serve rule gives it; the openapi package writes it out with
// ecsgate's additions only.
type APIDocument struct {
	// Name is the document's file as problems name it.
	Name string
	// Root is the document's top-level mapping, with the $refs to other
	// files bundled into its components and, for a 3.1 document, converted
	// to OpenAPI 3.0, which API Gateway imports.
	Root *yaml.Node
	// Version is the openapi field as the team wrote it.
	Version string
	// Operations are the document's operations in document order, each
	// with the route derived from it.
	Operations []APIOperation
	// FromJSON: the document was written as JSON (its YAML is written in
	// block style).
	FromJSON bool
	// BasePath is the path the document's first server puts in front of
	// its operations' paths ("/v1"), "" for none.
	BasePath string
	// basePathAt is the URL of the first server, where BasePath is written.
	basePathAt *yaml.Node
}

// APIOperation is one operation of the API document.
type APIOperation struct {
	// Path is the path as the document writes it, Method its method in
	// capitals.
	Path, Method string
	// ID is the operationId ("" when the document gives none).
	ID string
	// Node is the operation object.
	Node *yaml.Node
	// InheritsSecurity: the operation has no security of its own and the
	// document's root security applies to it.
	InheritsSecurity bool
	// ValidatesBody: the operation has a JSON request body whose schema the
	// gateway checks (besides the required parameters, always checked).
	ValidatesBody bool
	// Route is the index of the route derived from the operation in
	// api.routes; -1 when no rule reached it.
	Route int
}

// Label names the operation as its author reads it: GET /orders/{id}.
func (o APIOperation) Label() string { return o.Method + " " + o.Path }

// OperationKeys are the operation keys of a path item, in the order
// OpenAPI lists them, and API Gateway's extension for an operation of any
// method (which methods API Gateway takes is routeMethods).
var OperationKeys = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace", AnyMethodKey}

// AnyMethodKey is the path item key of an operation that takes any method
// (API Gateway's extension; the route's method ANY).
const AnyMethodKey = "x-amazon-apigateway-any-method"

// OperationKey is the path item key of a route's method: get for GET, the
// any-method extension for ANY.
func OperationKey(method string) string {
	if method == MethodAny {
		return AnyMethodKey
	}
	return strings.ToLower(method)
}

// OperationMethod is the method of the operation at a path item key: GET
// for get, ANY for the any-method extension.
func OperationMethod(key string) string {
	if key == AnyMethodKey {
		return MethodAny
	}
	return strings.ToUpper(key)
}

// fileReader reads a file named relative to the Blueprint.
type fileReader func(name string) ([]byte, error)

// osFiles reads files relative to dir on disk.
func osFiles(dir string) fileReader {
	return func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, filepath.FromSlash(name))) }
}

// docReader reads the API document and the files its $refs name, and
// reports problems at their positions.
type docReader struct {
	d     *decoder
	files fileReader
	dir   string // the Blueprint's directory, as problems name files
	root  *yaml.Node
	name  string
	rel   string // the document's file as api.openapi names it, cleaned
	// bundled maps an external reference (file#pointer) to the local one
	// it was copied to.
	bundled map[string]string
	// origins maps each node bundled from another file to where it was
	// written, so that a problem in it names that file and path, not the
	// document's components it was copied into.
	origins map[*yaml.Node]*origin
	// nullTypes maps a schema whose nullable gen wrote from a 3.1 type list
	// (type: [string, "null"]) to that list, which problems about the
	// nullable name instead: the document's author wrote no nullable.
	nullTypes map[*yaml.Node]*yaml.Node
}

// origin is where a bundled value was written: its file, as problems name
// it, and its path there, in place of the path it was copied to.
type origin struct {
	file, path, copiedTo string
}

// problem reports a problem at a node of a document file, or of the file
// the node was bundled from.
func (r *docReader) problem(file string, n *yaml.Node, where, fix, format string, args ...any) {
	if o := r.origins[n]; o != nil {
		file = o.file
		if rest, ok := strings.CutPrefix(where, o.copiedTo); ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
			where = strings.TrimPrefix(o.path+rest, ".")
		}
	}
	p := Problem{File: file, Path: where, Message: fmt.Sprintf(format, args...), Fix: fix}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	r.d.problems = append(r.d.problems, p)
}

// readAPIDocument reads the document api.openapi names, derives a route
// from each operation through the api.serve rules and its security through
// api.authorizers, and reports what API Gateway cannot take, all at the
// positions of the document or the Blueprint. It runs after decoding, for
// the base and for each environment.
func (d *decoder) readAPIDocument(b *Blueprint) {
	a := b.API
	if a == nil || a.OpenAPI == "" || d.src.covers("api.openapi") {
		if a != nil && a.OpenAPI == "" && (len(a.Serve) > 0 || len(a.Authorizers) > 0) {
			field := "api.serve"
			if len(a.Serve) == 0 {
				field = "api.authorizers"
			}
			d.failAt(field, "add api.openapi naming the document, or remove "+field, field+" maps the operations of an API document, and api.openapi names none")
		}
		return
	}
	if len(b.APIOverrides) > 0 {
		d.failAt("apiOverrides", "make the change in the document itself: it is the team's", "apiOverrides patch a generated document, and api.openapi names the team's own")
	}
	if len(a.Routes) > 0 {
		d.failAt("api.routes", "remove api.routes: the document's operations are the routes (gen openapi writes a document from routes)", "api.routes and api.openapi both define the API")
		return
	}
	files := d.src.files
	if files == nil {
		files = osFiles(filepath.Dir(d.src.file))
	}
	dir := filepath.Dir(d.src.file)
	if d.src.file == "" || d.src.file == "<stdin>" {
		dir = "."
	}
	if strings.Contains(a.OpenAPI, "://") {
		d.failAt("api.openapi", "save the document beside the Blueprint, in the repository, and name its file: what is deployed is then what was reviewed", fmt.Sprintf("%q is an address: gen reads the document from a file, and fetches nothing", a.OpenAPI))
		return
	}
	name := filepath.Join(dir, filepath.FromSlash(a.OpenAPI))
	data, err := files(path.Clean(filepath.ToSlash(a.OpenAPI)))
	if err != nil {
		fix := "name the document's file relative to the Blueprint"
		if d.src.files == nil && errors.Is(err, fs.ErrNotExist) {
			fix = cmp.Or(documentFileMeant(dir, a.OpenAPI), fix)
		}
		d.failAt("api.openapi", fix, fmt.Sprintf("cannot read %s: %v", name, unwrapPathError(err)))
		return
	}
	if msg, fix, over := b.quotaProblem(QuotaAPIDefinitionBytes, len(data), "the document "+name, ""); over {
		d.failAt("api.openapi", fix, msg)
		return
	}
	rel := path.Clean(filepath.ToSlash(a.OpenAPI))
	r := &docReader{d: d, files: files, dir: dir, name: name, rel: rel, bundled: map[string]string{}}
	root, ok := r.parse(name, data)
	if !ok {
		return
	}
	r.root = root
	doc := &APIDocument{Name: name, Root: root, FromJSON: strings.HasPrefix(strings.TrimSpace(string(data)), "{")}
	before := len(d.problems)
	doc.Version = r.version()
	if len(d.problems) > before {
		return
	}
	r.bundle(root, rel, "")
	if strings.HasPrefix(doc.Version, "3.1") {
		r.convert31(root)
	}
	doc.Operations = r.operations()
	r.readBasePath(doc)
	r.checkGatewayExtensions(doc, a.CORS != nil)
	r.checkModels(doc)
	if len(d.problems) == before {
		r.checkDocument(doc)
	}
	a.Routes = r.routes(b, doc)
	d.src.document = doc
}

// failAt reports a problem at a field of the Blueprint.
func (d *decoder) failAt(path, fix, msg string) {
	p := Problem{Path: path, Message: msg, Fix: fix}
	d.src.locate(&p)
	d.problems = append(d.problems, p)
}

// unwrapPathError drops the path an *os.PathError repeats.
func unwrapPathError(err error) error {
	if pe, ok := errors.AsType[*os.PathError](err); ok {
		return pe.Err
	}
	return err
}

// parse reads one document file (YAML or JSON, which is YAML) to its
// top-level mapping.
func (r *docReader) parse(name string, data []byte) (*yaml.Node, bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		at, msg, fix := syntaxProblem(data, err)
		r.d.problems = append(r.d.problems, Problem{File: name, Line: at.line, Column: at.col, Message: msg, Fix: fix})
		return nil, false
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		// At what the file holds instead (a scalar, a list), or at its
		// start when it holds nothing.
		at := &yaml.Node{Line: 1, Column: 1}
		if len(doc.Content) > 0 {
			at = doc.Content[0]
		}
		r.problem(name, at, "", "write an OpenAPI document: openapi, info, paths", "the file is not an OpenAPI document (no top-level mapping)")
		return nil, false
	}
	// Aliases are written out, within a bound: a document whose aliases
	// nest (a "billion laughs") or refer to themselves is refused instead
	// of eating memory.
	c := &aliasCopier{budget: maxNodes, open: map[*yaml.Node]bool{}}
	root := c.copy(doc.Content[0], false)
	if root == nil {
		r.problem(name, doc.Content[0], "", "write the document without nested or recursive aliases", "the document's aliases expand to more than %d nodes, or refer to themselves", maxNodes)
		return nil, false
	}
	return root, true
}

// aliasCopier copies a YAML tree with its aliases written out, counting
// the nodes the aliases add against a budget.
type aliasCopier struct {
	budget int
	open   map[*yaml.Node]bool // alias targets being written out
}

// copy copies n; nil when the budget is spent or an alias refers to a node
// that holds it.
func (c *aliasCopier) copy(n *yaml.Node, inAlias bool) *yaml.Node {
	if inAlias {
		if c.budget--; c.budget < 0 {
			return nil
		}
	}
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		if c.open[n.Alias] {
			return nil
		}
		c.open[n.Alias] = true
		defer delete(c.open, n.Alias)
		return c.copy(n.Alias, true)
	}
	cp := *n
	cp.Content = make([]*yaml.Node, len(n.Content))
	for i, x := range n.Content {
		if cp.Content[i] = c.copy(x, inAlias); cp.Content[i] == nil {
			return nil
		}
	}
	return &cp
}

// version checks the openapi field: API Gateway imports OpenAPI 3.0, and
// gen converts 3.1.
func (r *docReader) version() string {
	v := yamlout.Value(r.root, "openapi")
	switch {
	case v == nil:
		n := r.root
		if sw := yamlout.Value(r.root, "swagger"); sw != nil {
			n = sw
		}
		r.problem(r.name, n, "openapi", "convert the document to OpenAPI 3.0 or 3.1 (swagger2openapi does Swagger 2.0)", "the document has no openapi field: gen reads OpenAPI 3.0 and 3.1")
		return ""
	case strings.HasPrefix(v.Value, "3.0.") || strings.HasPrefix(v.Value, "3.1."):
		return v.Value
	}
	r.problem(r.name, v, "openapi", "write openapi: 3.0.3 or 3.1.0", "OpenAPI %s: gen reads OpenAPI 3.0 and 3.1", v.Value)
	return ""
}

// componentKinds are the sections of components a $ref to another file
// can be bundled into.
var componentKinds = []string{"schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks"}

// bundle copies what $refs to other files name into the document's
// components and points the $refs there: API Gateway reads one document
// and follows no reference to another file. base is the file (relative to
// the Blueprint) that n was read from; internal refs of another file are
// bundled like external ones.
func (r *docReader) bundle(n *yaml.Node, base, where string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "$ref" && v.Kind == yaml.ScalarNode {
				if local, ok := r.bundleRef(v, base, where); ok {
					v.Value = local
				}
				continue
			}
			r.bundle(v, base, joinPath(where, k.Value))
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			r.bundle(c, base, indexPath(where, i))
		}
	}
}

// bundleRef bundles one $ref of the file base and returns the local ref
// to write instead; ok is false when it stays as it is (a local ref of the
// document itself) or cannot be bundled (reported).
func (r *docReader) bundleRef(ref *yaml.Node, base, where string) (string, bool) {
	file, pointer, _ := strings.Cut(ref.Value, "#")
	if file == "" {
		if base == r.rel {
			return "", false
		}
		file = base
	} else {
		if strings.Contains(file, "://") {
			r.problem(r.fileName(base), ref, where, "copy the schema into the document or a local file", "%s: API Gateway follows no reference to a URL", ref.Value)
			return "", false
		}
		file = path.Join(path.Dir(base), file)
	}
	key := file + "#" + pointer
	if local, ok := r.bundled[key]; ok {
		return local, true
	}
	if file == r.rel {
		return "#" + pointer, true
	}
	data, err := r.files(file)
	if err != nil {
		r.problem(r.fileName(base), ref, where, "name a file relative to the one that refers to it", "cannot read %s: %v", r.fileName(file), unwrapPathError(err))
		return "", false
	}
	other, ok := r.parse(r.fileName(file), data)
	if !ok {
		return "", false
	}
	target := pointerTarget(other, pointer)
	if target == nil {
		r.problem(r.fileName(base), ref, where, "point at a value the file has", "%s has nothing at #%s", r.fileName(file), pointer)
		return "", false
	}
	parts := strings.Split(strings.Trim(pointer, "/"), "/")
	kind, name := "schemas", unescapePointer(parts[len(parts)-1])
	if len(parts) == 3 && parts[0] == "components" && slices.Contains(componentKinds, parts[1]) {
		kind = parts[1]
	}
	if name == "" {
		name = strings.TrimSuffix(path.Base(file), path.Ext(file))
	}
	local := "#/components/" + kind + "/" + escapePointer(name)
	components := yamlout.Value(r.root, "components")
	if components == nil {
		components = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		yamlout.Set(r.root, "components", components)
	}
	section := yamlout.Value(components, kind)
	if section == nil {
		section = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		yamlout.Set(components, kind, section)
	}
	if yamlout.Value(section, name) != nil {
		r.problem(r.fileName(base), ref, where, "rename one of them", "%s bundles as components.%s.%s, which the document already has", ref.Value, kind, name)
		return "", false
	}
	r.bundled[key] = local
	copied := yamlout.Copy(target)
	yamlout.Set(section, name, copied)
	copiedTo := "components." + kind + "." + name
	r.remember(copied, &origin{file: r.fileName(file), path: pointerPath(pointer), copiedTo: copiedTo})
	r.bundle(copied, file, copiedTo)
	return local, true
}

// remember records the origin of every node of a bundled value.
func (r *docReader) remember(n *yaml.Node, o *origin) {
	if r.origins == nil {
		r.origins = map[*yaml.Node]*origin{}
	}
	r.origins[n] = o
	for _, c := range n.Content {
		r.remember(c, o)
	}
}

// pointerPath is a JSON pointer's path as problems write one:
// /Order/properties/items is Order.properties.items.
func pointerPath(pointer string) string {
	var where string
	for _, part := range strings.Split(strings.Trim(pointer, "/"), "/") {
		if part != "" {
			where = joinPath(where, unescapePointer(part))
		}
	}
	return where
}

// fileName names a file relative to the Blueprint as problems name it.
func (r *docReader) fileName(rel string) string {
	if rel == "" {
		return r.name
	}
	return filepath.Join(r.dir, filepath.FromSlash(rel))
}

// pointerTarget follows a JSON pointer ("/components/schemas/X") in a node.
func pointerTarget(n *yaml.Node, pointer string) *yaml.Node {
	if pointer == "" || pointer == "/" {
		return n
	}
	for _, part := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		part = unescapePointer(part)
		switch n.Kind {
		case yaml.MappingNode:
			n = yamlout.Value(n, part)
		case yaml.SequenceNode:
			var i int
			if _, err := fmt.Sscanf(part, "%d", &i); err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
		if n == nil {
			return nil
		}
	}
	return n
}

func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// operations lists the document's operations, paths and methods in
// document order.
func (r *docReader) operations() []APIOperation {
	paths := yamlout.Value(r.root, "paths")
	if paths == nil || paths.Kind != yaml.MappingNode {
		r.problem(r.name, r.root, "paths", "add paths with at least one operation", "the document has no paths")
		return nil
	}
	rootSecurity := yamlout.Value(r.root, "security")
	var ops []APIOperation
	for i := 0; i+1 < len(paths.Content); i += 2 {
		p, item := paths.Content[i], paths.Content[i+1]
		if ref := yamlout.Value(item, "$ref"); ref != nil {
			r.problem(r.name, ref, "paths."+p.Value, "write the path item in place", "a path item by $ref: API Gateway imports path items written in place")
			continue
		}
		for j := 0; j+1 < len(item.Content); j += 2 {
			method := item.Content[j].Value
			if !slices.Contains(OperationKeys, method) {
				continue
			}
			op := item.Content[j+1]
			o := APIOperation{Path: p.Value, Method: OperationMethod(method), Node: op, Route: -1}
			if !slices.Contains(routeMethods, o.Method) {
				r.problem(r.name, item.Content[j], "paths."+p.Value+"."+method, "remove the "+o.Method+" operation", "API Gateway has no %s method", o.Method)
				continue
			}
			if id := yamlout.Value(op, "operationId"); id != nil {
				o.ID = id.Value
			}
			o.InheritsSecurity = yamlout.Value(op, "security") == nil && rootSecurity != nil
			ops = append(ops, o)
		}
	}
	if len(ops) == 0 && len(r.d.problems) == 0 {
		r.problem(r.name, paths, "paths", "add at least one operation", "the document has no operations")
	}
	return ops
}

// tags are the operation's tags.
func (o APIOperation) tags() []string {
	var tags []string
	if t := yamlout.Value(o.Node, "tags"); t != nil {
		for _, c := range t.Content {
			tags = append(tags, c.Value)
		}
	}
	return tags
}

// serveValue is one path, tag or operation ID of an api.serve rule.
type serveValue struct {
	rule  int
	field string // paths, tags or operations
	index int
	value string
	// rank orders values by specificity: an operation ID beats a tag, a
	// tag beats any path prefix, a longer prefix beats a shorter one.
	rank int
}

// serveValues lists the values of the rules, in the order written.
func serveValues(rules []ServeRule) []serveValue {
	var out []serveValue
	for ri, rule := range rules {
		for _, f := range []struct {
			name   string
			values []string
		}{{"paths", rule.Paths}, {"tags", rule.Tags}, {"operations", rule.Operations}} {
			for vi, v := range f.values {
				rank := 1 + len(SplitPath(v))
				switch f.name {
				case "operations":
					rank = 1 << 20
				case "tags":
					rank = 1 << 19
				}
				out = append(out, serveValue{rule: ri, field: f.name, index: vi, value: v, rank: rank})
			}
		}
	}
	return out
}

// path is the value's field path in the Blueprint.
func (v serveValue) path() string {
	return fmt.Sprintf("api.serve[%d].%s[%d]", v.rule, v.field, v.index)
}

// reaches reports whether the value reaches the operation.
func (v serveValue) reaches(o APIOperation, tags []string) bool {
	switch v.field {
	case "paths":
		return pathPrefixes(v.value, o.Path)
	case "tags":
		return slices.Contains(tags, v.value)
	}
	return o.ID == v.value
}

// documentFileMeant is the fix for a document's file that is not there: the
// YAML or JSON file of its folder it is a typo of (shop.yml for shop.yaml),
// else the ones there are, or "" when the folder has none.
func documentFileMeant(dir, name string) string {
	entries, err := os.ReadDir(filepath.Join(dir, filepath.FromSlash(path.Dir(name))))
	if err != nil {
		return ""
	}
	var files []string
	for _, e := range entries {
		if ext := path.Ext(e.Name()); !e.IsDir() && (ext == ".yaml" || ext == ".yml" || ext == ".json") {
			files = append(files, e.Name())
		}
	}
	if meant := Closest(path.Base(name), files); meant != "" {
		return meantText(path.Join(path.Dir(name), meant))
	}
	if len(files) > 0 {
		quoted := make([]string, len(files))
		for i, f := range files {
			quoted[i] = quote(path.Join(path.Dir(name), f))
		}
		return "name the document's file relative to the Blueprint; its folder has " + firstFew(quoted)
	}
	return ""
}

// meantFix is the fix for a value that reaches no operation of doc: the
// operation's ID or tag it is a typo of, or the path whose part it is the
// beginning of (/prod for /products: paths reach by whole parts).
func (v serveValue) meantFix(doc *APIDocument) string {
	var meant string
	switch v.field {
	case "paths":
		meant = v.pathMeant(doc)
	case "operations", "tags":
		var names []string
		for _, o := range doc.Operations {
			if v.field == "tags" {
				names = append(names, o.tags()...)
			} else if o.ID != "" {
				names = append(names, o.ID)
			}
		}
		meant = DidYouMean(v.value, names)
	}
	return cmp.Or(meant, "correct it, or remove it")
}

// pathMeant is the fix for a serve path that reaches no operation: the path
// whose part it begins, or the path of a pattern or greedy route written
// for one; "" for none.
func (v serveValue) pathMeant(doc *APIDocument) string {
	for _, o := range doc.Operations {
		if strings.HasPrefix(o.Path, v.value) {
			parts := strings.Split(o.Path, "/")
			if whole := strings.Join(parts[:min(len(parts), strings.Count(v.value, "/")+1)], "/"); whole != v.value {
				return fmt.Sprintf("write %s: a path reaches the operations at and under it by whole parts, and %s only begins %s", whole, v.value, whole)
			}
		}
	}
	if strings.ContainsAny(v.value, "*?") || strings.HasSuffix(v.value, "+}") {
		// A path written as an ALB pattern or a greedy route.
		base := strings.TrimRight(strings.TrimSuffix(strings.TrimRight(v.value, "*?"), "{proxy+}"), "/")
		return fmt.Sprintf("write %s: a path takes no wildcard, and reaches the operations at and under it", cmp.Or(base, "/"))
	}
	return ""
}

// pathPrefixes reports whether prefix reaches path, by whole segments.
func pathPrefixes(prefix, p string) bool {
	ps, xs := SplitPath(prefix), SplitPath(p)
	if len(ps) > len(xs) {
		return false
	}
	for i := range ps {
		if ps[i].Name != xs[i].Name || ps[i].Param != xs[i].Param {
			return false
		}
	}
	return true
}

// routes derives a route from each operation: the service of the most
// specific rule that reaches it, the user pool and scopes of its security.
// It reports an operation no rule reaches, a rule value that reaches none
// and two rules that claim one operation.
func (r *docReader) routes(b *Blueprint, doc *APIDocument) []Route {
	a := b.API
	rules := a.Serve
	if len(rules) == 0 {
		r.d.failAt("api.openapi", "add api.serve with a rule per service: paths, tags or operations", "api.serve is missing: no operation of the document reaches a service")
		return nil
	}
	values := serveValues(rules)
	won := make([]bool, len(values))    // the value is the most specific for an operation
	reached := make([]int, len(values)) // how many operations the value reaches
	var out []Route
	var unreached []*APIOperation // by no rule
	security, unresolved := r.security(b, doc)
	for oi := range doc.Operations {
		o := &doc.Operations[oi]
		var claims []int // values that reach o, most specific first
		tags := o.tags()
		for vi, v := range values {
			if v.reaches(*o, tags) {
				reached[vi]++
				claims = append(claims, vi)
			}
		}
		if len(claims) == 0 {
			unreached = append(unreached, o)
			continue
		}
		sort.SliceStable(claims, func(i, j int) bool { return values[claims[i]].rank > values[claims[j]].rank })
		best := values[claims[0]]
		won[claims[0]] = true
		for _, ci := range claims[1:] {
			c := values[ci]
			if c.rank < best.rank {
				break
			}
			if c.rule != best.rule {
				won[ci] = true // reported here; not also as a value that only loses
				r.d.failAt(c.path(), "leave the operation to one rule: remove one of the values, or add its operationId to the rule that should win", fmt.Sprintf("%s %q of service %s claims %s (%s:%d:%d), as %s (service %s) does at the same specificity", strings.TrimSuffix(c.field, "s"), c.value, rules[c.rule].Service, o.Label(), r.name, o.Node.Line, o.Node.Column, best.path(), rules[best.rule].Service))
			}
		}
		rule := rules[best.rule]
		route := Route{Path: o.Path, Method: o.Method, Service: rule.Service, Timeout: rule.Timeout, Integration: rule.Integration, Claims: rule.Claims, Auth: security[oi]}
		if unresolved[oi] {
			// Its security scheme has a problem of its own: whether the
			// route has auth is not known, and nothing is said of it.
			r.d.src.bad[indexPath("api.routes", len(out))+".auth"] = true
		}
		o.Route = len(out)
		// Problems with the route are reported at the operation.
		r.d.src.pos[indexPath("api.routes", len(out))] = position{line: o.Node.Line, col: o.Node.Column, file: r.name, label: o.Label()}
		out = append(out, route)
	}
	// A rule's value that reaches no operation is most likely the one
	// meant for the operations no rule reaches: it is the problem to
	// fix first, and they are not reported beside it.
	//
	// A rule whose paths, tags or operations are misspelt (path: for
	// paths:) has its problem there: what it was meant to reach is not
	// known, so neither the operations left unreached nor its emptiness
	// are said beside it.
	misspelt := func(ri int) bool {
		for _, field := range []string{"paths", "tags", "operations"} {
			if r.d.src.covers(indexPath("api.serve", ri) + "." + field) {
				return true
			}
		}
		return false
	}
	anyMisspelt := false
	for ri := range rules {
		anyMisspelt = anyMisspelt || misspelt(ri)
	}
	if !slices.Contains(reached, 0) && !anyMisspelt {
		for _, o := range unreached {
			fix := "add its path, one of its tags"
			if o.ID != "" {
				fix += " or its operationId " + o.ID
			}
			r.problem(r.name, o.Node, o.Label(), fix+" to the api.serve rule of the service that serves it", "no api.serve rule reaches %s", o.Label())
		}
	}
	for vi, v := range values {
		switch {
		case reached[vi] == 0:
			r.d.failAt(v.path(), v.meantFix(doc), fmt.Sprintf("%q reaches no operation of %s", v.value, r.name))
		case !won[vi]:
			r.d.failAt(v.path(), "remove it, or name the operations it should serve by operationId", fmt.Sprintf("%q reaches %d operations, and a more specific rule takes every one of them", v.value, reached[vi]))
		}
	}
	for ri, rule := range rules {
		if len(rule.Paths)+len(rule.Tags)+len(rule.Operations) == 0 && !misspelt(ri) {
			r.d.failAt(indexPath("api.serve", ri), "list the paths, tags or operations the service serves", "the rule reaches no operation: it has no paths, tags or operations")
		}
	}
	return out
}
