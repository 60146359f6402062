package blueprint

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// overlayType is the type the decoder keeps as YAML instead of decoding.
var overlayType = reflect.TypeOf(Overlay{})

// maxEnvironmentName is the longest name an environment may have.
const maxEnvironmentName = 32

// environmentName is what an environment may be called: it names a folder
// of gen's output and prefixes the environment's problems.
var environmentName = lazyre.New(`^[a-z][a-z0-9-]{0,` + strconv.Itoa(maxEnvironmentName-1) + `}$`)

// Overlay markers: in an overlay's entry of a named list, add: true adds an
// entry the base lacks, remove: true removes one the base has.
const (
	overlayAdd    = "add"
	overlayRemove = "remove"
)

// EnvironmentNames lists the Blueprint's environments, sorted.
func (b *Blueprint) EnvironmentNames() []string {
	names := make([]string, 0, len(b.Environments))
	for name := range b.Environments {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Environment returns the Blueprint of one environment: the base with the
// environment's overlay merged in, decoded and validated anew, without
// environments of its own. Mappings merge key by key. Lists of named entries
// merge entry by entry, matched by name (services, containers, user pools,
// parameters, secrets, KMS keys...), id (ingress.albs) or method and path
// (api.routes); an overlay entry with add: true adds an entry the base lacks
// and one with remove: true removes one, and an entry naming nothing in the
// base is an error, so that a misspelt name cannot pass for a new entry.
// overrides and apiOverrides are appended to the base's. Scalars and other
// lists are replaced. Problems carry the environment's name and the position
// the value came from: the overlay's, or the base's where the base value is
// the one at fault.
func (b *Blueprint) Environment(name string) (*Blueprint, error) {
	env, err := b.merged(name)
	if err != nil {
		return env, err
	}
	return env, env.Validate()
}

// merged is the environment's Blueprint, merged and decoded but not
// validated; the error holds the problems of the merge and the decoding.
func (b *Blueprint) merged(name string) (*Blueprint, error) {
	overlay, ok := b.Environments[name]
	if !ok {
		known := b.EnvironmentNames()
		if len(known) == 0 {
			return nil, fmt.Errorf("no environment %q: the Blueprint has no environments", name)
		}
		if hint := meantText(cmp.Or(Closest(name, known), shortened(name, known))); hint != "" {
			return nil, fmt.Errorf("no environment %q (%s environments: %s)", name, hint, strings.Join(known, ", "))
		}
		return nil, fmt.Errorf("no environment %q (environments: %s)", name, strings.Join(known, ", "))
	}
	root, file, err := b.rootNode()
	if err != nil {
		return nil, err
	}
	m := &merger{file: file, env: name}
	merged := m.mapping(withoutKey(root, "environments"), overlay.Node, reflect.TypeOf(Blueprint{}), "environments."+name, true)
	d := &decoder{src: newSource(file), budget: maxNodes}
	d.src.env, d.src.baseName = name, b.Name
	if b.src != nil {
		d.src.files = b.src.files
	}
	env := &Blueprint{src: d.src}
	d.decode(merged, reflect.ValueOf(env).Elem(), "")
	d.readAPIDocument(env)
	for i := range d.problems {
		d.problems[i].Env = name
	}
	problems := append(m.problems, d.problems...)
	return env, problems.asError()
}

// rootNode is the YAML the Blueprint was read from; a Blueprint built in Go
// is written as YAML first.
func (b *Blueprint) rootNode() (*yaml.Node, string, error) {
	if b.src != nil && b.src.root != nil {
		return b.src.root, b.src.file, nil
	}
	var n yaml.Node
	if err := n.Encode(b); err != nil {
		return nil, "", err
	}
	file := ""
	if b.src != nil {
		file = b.src.file
	}
	return &n, file, nil
}

// MarshalYAML writes the overlay as it was read.
func (o Overlay) MarshalYAML() (any, error) { return o.Node, nil }

// validateEnvironments checks every environment of b and returns their
// problems, each once: a problem of the base that every environment repeats
// is left to the base's report.
func (b *Blueprint) validateEnvironments(base Problems) Problems {
	seen := map[string]bool{}
	for _, p := range base {
		seen[p.String()] = true
	}
	var all Problems
	for _, name := range b.EnvironmentNames() {
		if !environmentName.MatchString(name) {
			continue // reported by Validate
		}
		_, err := b.Environment(name)
		var problems Problems
		if err != nil && !errors.As(err, &problems) {
			all = append(all, Problem{File: b.src.fileName(), Line: 1, Column: 1, Env: name, Message: err.Error(), Fix: "fix the environment"})
		}
		for _, p := range problems {
			key := p
			key.Env = ""
			if !seen[key.String()] {
				all = append(all, p)
			}
		}
	}
	return all
}

// merger merges an overlay into the base's YAML, recording its problems.
type merger struct {
	file, env string
	problems  Problems
}

func (m *merger) fail(n *yaml.Node, path, msg, fix string) {
	m.problems = append(m.problems, Problem{File: m.file, Line: n.Line, Column: n.Column, Env: m.env, Path: path, Message: msg, Fix: fix})
}

// merge returns base with overlay merged in, for a value of Go type t; path
// is the overlay's field path, for problems. Neither node is changed.
func (m *merger) merge(base, overlay *yaml.Node, t reflect.Type, path string) *yaml.Node {
	base, overlay = resolve(base), resolve(overlay)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case base == nil:
		return overlay
	case overlay.Kind == yaml.MappingNode && base.Kind == yaml.MappingNode && (t.Kind() == reflect.Struct || t.Kind() == reflect.Map) && t != overlayType:
		return m.mapping(base, overlay, t, path, false)
	case overlay.Kind == yaml.SequenceNode && base.Kind == yaml.SequenceNode && t.Kind() == reflect.Slice && identity(t.Elem()) != nil:
		return m.namedList(base, overlay, t.Elem(), path)
	}
	return overlay
}

// mapping merges two mappings key by key. At the root, overrides and
// apiOverrides are appended to the base's rather than replaced, and an
// overlay may not hold environments of its own.
func (m *merger) mapping(base, overlay *yaml.Node, t reflect.Type, path string, root bool) *yaml.Node {
	overlay = resolve(overlay)
	out := *base
	out.Content = slices.Clone(base.Content)
	if overlay == nil || overlay.Kind != yaml.MappingNode {
		if overlay != nil {
			m.fail(overlay, path, "an environment's overlay must be a mapping of fields, not "+describeNode(overlay), "write the fields that differ, in the Blueprint's shape")
		}
		return &out
	}
	var fields map[string]int
	if t.Kind() == reflect.Struct {
		fields = yamlFields(t)
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(overlay.Content); i += 2 {
		k, v := resolve(overlay.Content[i]), overlay.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			m.fail(k, path, "keys must be plain names, not "+describeNode(k), "write the key as a plain string")
			continue
		}
		key := k.Value
		if first, dup := seen[key]; dup {
			m.fail(k, joinPath(path, key), fmt.Sprintf("duplicate key %s (first written on line %d)", quote(key), first), "keep one of them")
			continue
		}
		seen[key] = k.Line
		if root && key == "environments" {
			m.fail(k, joinPath(path, key), "an environment cannot have environments of its own", "move them to the top level")
			continue
		}
		if root && extensionKey("", key) {
			continue // x-...: a holder for anchors, ignored
		}
		if root && slices.Contains(sharedFields, key) {
			m.fail(k, joinPath(path, key), key+" belongs to the shared stack (shared.yaml), which every environment in an account and Region shares", "set "+key+" in the base, for every environment")
			continue
		}
		var ft reflect.Type
		switch {
		case t.Kind() == reflect.Map:
			ft = t.Elem()
		case fields != nil:
			if f, ok := fields[key]; ok {
				ft = t.Field(f).Type
			}
		}
		at := keyIndex(&out, key)
		switch {
		case at < 0:
			out.Content = append(out.Content, overlay.Content[i], v)
		case ft == nil:
			// An unknown key: the decoder reports it at the overlay's
			// position.
			out.Content[at+1] = v
		case root && (key == "overrides" || key == "apiOverrides"):
			out.Content[at+1] = appended(out.Content[at+1], v)
		default:
			out.Content[at] = overlay.Content[i] // the position of the changed field
			out.Content[at+1] = m.merge(out.Content[at+1], v, ft, joinPath(path, key))
		}
	}
	return &out
}

// namedList merges a list of named entries entry by entry.
func (m *merger) namedList(base, overlay *yaml.Node, elem reflect.Type, path string) *yaml.Node {
	id := identity(elem)
	out := *base
	out.Content = slices.Clone(base.Content)
	for i, item := range overlay.Content {
		item = resolve(item)
		itemPath := indexPath(path, i)
		if item.Kind != yaml.MappingNode {
			m.fail(item, itemPath, "must be a mapping that names the entry it changes, not "+describeNode(item), "write "+id.describe+" and the fields that differ")
			continue
		}
		key, ok := id.key(item)
		if !ok {
			m.fail(item, itemPath, "names no entry: an overlay's entry needs "+id.describe, "add "+id.describe+" of the entry to change, add or remove")
			continue
		}
		add, remove := flag(item, overlayAdd), flag(item, overlayRemove)
		at := slices.IndexFunc(out.Content, func(n *yaml.Node) bool { k, ok := id.key(resolve(n)); return ok && k == key })
		switch {
		case add != nil && remove != nil:
			m.fail(add, itemPath+".add", "an entry cannot be both added and removed", "keep one of add: true and remove: true")
		case remove != nil:
			if at < 0 {
				m.fail(item, itemPath, fmt.Sprintf("removes %s, which the base does not have", key), meantEntry(&out, id, key)+"remove the entry from the overlay, or correct "+id.describe)
				continue
			}
			if len(item.Content) > 2*(len(id.fields)+1) {
				m.fail(item, itemPath, "an entry with remove: true takes nothing but "+id.describe, "drop the other fields")
			}
			out.Content = slices.Delete(out.Content, at, at+1)
		case add != nil:
			if at >= 0 {
				m.fail(add, itemPath+".add", fmt.Sprintf("adds %s, which the base already has", key), "drop add: true to change the base's entry")
				continue
			}
			out.Content = append(out.Content, withoutKey(item, overlayAdd))
		case at < 0:
			m.fail(item, itemPath, fmt.Sprintf("changes %s, which the base does not have", key),
				meantEntry(&out, id, key)+"correct "+id.describe+", or write add: true to add the entry in this environment only")
		default:
			out.Content[at] = m.merge(out.Content[at], item, elem, itemPath)
		}
	}
	return &out
}

// listIdentity says how the entries of a named list are matched.
type listIdentity struct {
	elem     reflect.Type // the entries' struct type
	fields   []string     // the YAML fields that together name an entry
	describe string       // how a message names them
	fold     bool         // compare case-insensitively (HTTP methods)
}

// meantEntry is the DidYouMean hint, and a space, when key is a typo of the
// key of an entry of the base list; else "".
func meantEntry(base *yaml.Node, id *listIdentity, key string) string {
	var keys []string
	for _, n := range base.Content {
		if k, ok := id.key(resolve(n)); ok {
			keys = append(keys, k)
		}
	}
	if hint := DidYouMean(key, keys); hint != "" {
		return hint + " "
	}
	return ""
}

func (id listIdentity) key(n *yaml.Node) (string, bool) {
	var parts []string
	for _, f := range id.fields {
		at := keyIndex(n, f)
		if at < 0 {
			at = id.misspelt(n, f)
		}
		if at < 0 || resolve(n.Content[at+1]).Kind != yaml.ScalarNode {
			return "", false
		}
		v := resolve(n.Content[at+1]).Value
		if id.fold {
			v = strings.ToUpper(v)
		}
		parts = append(parts, v)
	}
	return strings.Join(parts, " "), true
}

// misspelt is the index in the entry n of a key the decoder reads as the
// naming field f (nmae for name), or -1: the overlays match the entry by
// it, as the decoder reads it, and the misspelling is its one problem.
func (id listIdentity) misspelt(n *yaml.Node, f string) int {
	fields := yamlFields(id.elem)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := n.Content[i].Value
		if _, known := fields[key]; known {
			continue
		}
		if _, meant := meantField(id.elem, n, key, n.Content[i+1], fields); meant == f {
			return i
		}
	}
	return -1
}

// identity returns how entries of a list of elem are matched, or nil when
// the list is replaced as a whole.
func identity(elem reflect.Type) *listIdentity {
	for elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	if elem.Kind() != reflect.Struct {
		return nil
	}
	fields := yamlFields(elem)
	switch {
	case elem == reflect.TypeOf(Route{}):
		return &listIdentity{elem: elem, fields: []string{"method", "path"}, describe: "method and path", fold: true}
	case hasField(fields, "id"):
		// Before name: an entry of ingress.albs has both, and its id names
		// it (name is the load balancer's name in AWS, optional).
		return &listIdentity{elem: elem, fields: []string{"id"}, describe: "id"}
	case hasField(fields, "name"):
		return &listIdentity{elem: elem, fields: []string{"name"}, describe: "name"}
	}
	return nil
}

func hasField(fields map[string]int, name string) bool { _, ok := fields[name]; return ok }

// flag returns the key node of marker in an overlay entry when it is true.
func flag(n *yaml.Node, marker string) *yaml.Node {
	at := keyIndex(n, marker)
	if at < 0 {
		return nil
	}
	if v := resolve(n.Content[at+1]); v.Kind == yaml.ScalarNode && v.Tag == "!!bool" && v.Value == "true" {
		return n.Content[at]
	}
	return nil
}

// keyIndex returns the index of key's node in mapping n, or -1.
func keyIndex(n *yaml.Node, key string) int {
	if n == nil || n.Kind != yaml.MappingNode {
		return -1
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := resolve(n.Content[i]); k.Kind == yaml.ScalarNode && k.Value == key {
			return i
		}
	}
	return -1
}

// withoutKey returns a copy of mapping n without key.
func withoutKey(n *yaml.Node, key string) *yaml.Node {
	n = resolve(n)
	at := keyIndex(n, key)
	if at < 0 {
		return n
	}
	out := *n
	out.Content = slices.Delete(slices.Clone(n.Content), at, at+2)
	return &out
}

// appended returns list a followed by the entries of list b; a value that is
// not a list is left for the decoder to report.
func appended(a, b *yaml.Node) *yaml.Node {
	a, b = resolve(a), resolve(b)
	if a.Kind != yaml.SequenceNode || b.Kind != yaml.SequenceNode {
		return b
	}
	out := *a
	out.Content = append(slices.Clone(a.Content), b.Content...)
	return &out
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// shortened is the one name of known that name is a longer or shorter form
// of (production for prod, dev for development, stage for staging): they
// share a beginning of at least three letters that is all of the shorter
// one, or all but its last letter. "" when none or several are.
func shortened(name string, known []string) string {
	var found []string
	for _, k := range known {
		short, long := strings.ToLower(name), strings.ToLower(k)
		if len(short) > len(long) {
			short, long = long, short
		}
		shared := 0
		for shared < len(short) && short[shared] == long[shared] {
			shared++
		}
		if shared >= 3 && shared >= len(short)-1 {
			found = append(found, k)
		}
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}
