package render

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/awslabs/goformation/v7/cloudformation"
	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// plainValue returns what marshalling v with encoding/json and unmarshalling
// the text into an interface{} gives (maps, slices, strings, float64s,
// bools, nils), without the text: the template's node tree is built from
// it. goformation resources are written as their MarshalJSON methods write
// them (Type, Properties and the resource attributes). Other types with a
// MarshalJSON method take the JSON road.
//
// encoding/json builds an encoder per type on first use; for goformation's
// many types that was a fifth of a small render, every run of gen.
func plainValue(v reflect.Value) (any, error) {
	if !v.IsValid() {
		return nil, nil
	}
	t := v.Type()
	k := kindOf(t)
	if k.resource && !v.IsNil() {
		return resourceValue(v)
	}
	if k.marshaler && (t.Kind() != reflect.Pointer || !v.IsNil()) {
		return viaJSON(v.Interface())
	}
	if k.pointerMarshaler && v.CanAddr() {
		return viaJSON(v.Addr().Interface())
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil, nil
		}
		return plainValue(v.Elem())
	case reflect.Struct:
		return structValue(v)
	case reflect.Map:
		if v.IsNil() {
			return nil, nil
		}
		if v.Type().Key().Kind() != reflect.String {
			return viaJSON(v.Interface())
		}
		m := make(map[string]any, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			x, err := plainValue(iter.Value())
			if err != nil {
				return nil, err
			}
			m[iter.Key().String()] = x
		}
		return m, nil
	case reflect.Slice:
		if v.IsNil() {
			return nil, nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return viaJSON(v.Interface())
		}
		fallthrough
	case reflect.Array:
		list := make([]any, v.Len())
		for i := range list {
			x, err := plainValue(v.Index(i))
			if err != nil {
				return nil, err
			}
			list[i] = x
		}
		return list, nil
	case reflect.String:
		return v.String(), nil
	case reflect.Bool:
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return v.Float(), nil
	}
	return viaJSON(v.Interface())
}

// extendedResource is a generated resource with properties goformation
// does not type: its MarshalJSON writes the resource's JSON with them added
// to Properties, and the tree does the same without the JSON.
type extendedResource interface {
	generated() cloudformation.Resource
	extraProperties() map[string]string
}

// marshalExtended writes an extended resource as JSON: goformation's JSON
// of the generated resource, with the extra properties that are set added
// to its Properties.
func marshalExtended(e extendedResource) ([]byte, error) {
	j, err := json.Marshal(e.generated())
	if err != nil {
		return nil, err
	}
	var res map[string]any
	if err := json.Unmarshal(j, &res); err != nil {
		return nil, err
	}
	props, _ := res["Properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
		res["Properties"] = props
	}
	for key, value := range e.extraProperties() {
		if value != "" {
			props[key] = value
		}
	}
	return json.Marshal(res)
}

var (
	extendedType  = reflect.TypeFor[extendedResource]()
	resourceIface = reflect.TypeFor[cloudformation.Resource]()
	marshalerType = reflect.TypeFor[json.Marshaler]()
)

// typeKind is how plainValue writes a type, worked out once per type: asking
// reflect whether a type implements an interface, for every value, was a
// tenth of a large render.
type typeKind struct {
	resource         bool // a generated goformation resource (pointer)
	extended         bool // a generated resource with properties of its own (extendedResource)
	marshaler        bool // writes itself as JSON
	pointerMarshaler bool // its pointer writes itself as JSON
}

// typeInfo is what the tree needs of a type, worked out the first time the
// type is met and kept for the process: its kind, and for a struct its
// fields. One entry a type: gen renders once and exits, and for its first
// (and only) render, building these tables for goformation's types, each
// with dozens of fields, was a fifth of the time and a quarter of the
// memory it touched.
type typeInfo struct {
	kind typeKind
	// fields are a struct's fields as encoding/json writes them, sorted by
	// name; nil for other kinds.
	fields []jsonField
	// keys are the shared key nodes of fields' names, each made the first
	// time its field is written: a goformation type has a field for each
	// property of its AWS type, and a template sets a few.
	keys []atomic.Pointer[yaml.Node]
	// attributes are the indexes of resourceAttributes' fields in a
	// struct (see attributeIndexes).
	attributes []int
}

var types sync.Map // reflect.Type -> *typeInfo

// infoOf returns t's typeInfo.
func infoOf(t reflect.Type) *typeInfo {
	if info, ok := types.Load(t); ok {
		return info.(*typeInfo)
	}
	info := &typeInfo{kind: kindOfType(t)}
	if t.Kind() == reflect.Struct {
		info.fields = jsonFields(t)
		info.keys = make([]atomic.Pointer[yaml.Node], len(info.fields))
		info.attributes, _ = attributeIndexes(t)
	}
	actual, _ := types.LoadOrStore(t, info)
	return actual.(*typeInfo)
}

// kindOf returns how plainValue writes t.
func kindOf(t reflect.Type) typeKind {
	if basic(t) {
		return typeKind{}
	}
	return infoOf(t).kind
}

// kindOfType works out t's typeKind.
func kindOfType(t reflect.Type) typeKind {
	// Implements reads the names of a type's methods: asked only of types
	// that have some, and each question once (for gen's first render,
	// goformation's types were a tenth of its time).
	k := typeKind{marshaler: t.NumMethod() > 0 && t.Implements(marshalerType)}
	if t.Kind() == reflect.Pointer {
		k.resource = k.marshaler && t.Elem().Kind() == reflect.Struct && t.Implements(resourceIface) && isGeneratedResource(t.Elem())
		k.extended = t.NumMethod() > 0 && t.Implements(extendedType)
	} else if pt := reflect.PointerTo(t); pt.NumMethod() > 0 {
		k.pointerMarshaler = pt.Implements(marshalerType)
	}
	if k.resource {
		k.marshaler = false
	}
	return k
}

// basic reports whether t is a predeclared type (string, bool, int, ...)
// or a pointer to one: they have no methods, and most values of a template
// are of them (*string, string, *bool), so kindOf answers without its map.
func basic(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	k := t.Kind()
	// Only predeclared types of these kinds have no package path.
	return (k >= reflect.Bool && k <= reflect.Complex128 || k == reflect.String) && t.PkgPath() == ""
}

// viaJSON is the JSON road: marshal, then unmarshal into an interface{}.
func viaJSON(v any) (any, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var x any
	err = json.Unmarshal(j, &x)
	return x, err
}

// resourceAttributes are the fields of a generated goformation resource that
// its MarshalJSON writes beside Properties, by field name.
var resourceAttributes = []struct{ field, key string }{
	{"AWSCloudFormationDependsOn", "DependsOn"},
	{"AWSCloudFormationMetadata", "Metadata"},
	{"AWSCloudFormationDeletionPolicy", "DeletionPolicy"},
	{"AWSCloudFormationUpdateReplacePolicy", "UpdateReplacePolicy"},
	{"AWSCloudFormationCondition", "Condition"},
}

// isGeneratedResource reports whether t, whose pointer is a Resource with a
// MarshalJSON method (property types have none), is a resource struct
// generated by goformation with exactly the attributes above (resources with
// creation or update policies take the JSON road).
func isGeneratedResource(t reflect.Type) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	index, policies := attributeIndexes(t)
	return !policies && !slices.Contains(index, -1)
}

// attributeIndexes are the indexes of resourceAttributes' fields among
// struct t's direct fields, -1 for those it lacks, and whether it has a
// creation or update policy. goformation generates these fields last, after
// the properties, so they are looked for from the end: reading every field's
// name of each property type, to find it has none, was most of the cost.
// Direct fields only: a type that embeds a resource (restAPIWithExtras) has
// a MarshalJSON of its own.
func attributeIndexes(t reflect.Type) (index []int, policies bool) {
	index = make([]int, len(resourceAttributes))
	for i := range index {
		index[i] = -1
	}
	for i := t.NumField() - 1; i >= 0; i-- {
		name := t.Field(i).Name
		if !strings.HasPrefix(name, "AWSCloudFormation") {
			break // a property: the attributes are behind
		}
		if name == "AWSCloudFormationCreationPolicy" || name == "AWSCloudFormationUpdatePolicy" {
			policies = true
		}
		for k, a := range resourceAttributes {
			if a.field == name {
				index[k] = i
			}
		}
	}
	return index, policies
}

// resourceValue writes a generated resource as its MarshalJSON does.
func resourceValue(v reflect.Value) (any, error) {
	props, err := structValue(v.Elem())
	if err != nil {
		return nil, err
	}
	m := map[string]any{"Type": v.Interface().(cloudformation.Resource).AWSCloudFormationType(), "Properties": props}
	attributes := infoOf(v.Elem().Type()).attributes
	for i, a := range resourceAttributes {
		f := v.Elem().Field(attributes[i])
		if f.IsZero() || (f.Kind() == reflect.Slice || f.Kind() == reflect.Map) && f.Len() == 0 {
			continue // omitempty
		}
		x, err := plainValue(f)
		if err != nil {
			return nil, err
		}
		m[a.key] = x
	}
	return m, nil
}

// structValue writes a struct as encoding/json does: the fields its tags
// name, without those tagged omitempty that are empty.
func structValue(v reflect.Value) (any, error) {
	fields := infoOf(v.Type()).fields
	m := make(map[string]any, len(fields))
	for _, f := range fields {
		fv := v.Field(f.index)
		if f.omits(fv) {
			continue
		}
		x, err := plainValue(fv)
		if err != nil {
			return nil, err
		}
		m[f.name] = x
	}
	return m, nil
}

// jsonField is a struct field as encoding/json writes it.
type jsonField struct {
	name      string
	index     int // of the field in its struct (no embedded fields)
	omitEmpty bool
}

// omits reports whether encoding/json leaves the field out with value v
// (omitempty and empty).
func (f jsonField) omits(v reflect.Value) bool { return f.omitEmpty && isEmpty(v) }

// keyNode returns the shared key node of the struct's field i (of fields).
func (info *typeInfo) keyNode(i int) *yaml.Node {
	if k := info.keys[i].Load(); k != nil {
		return k
	}
	info.keys[i].CompareAndSwap(nil, yamlout.SharedKey(info.fields[i].name))
	return info.keys[i].Load()
}

// jsonFields lists the fields encoding/json writes for a struct type, sorted
// by name. It handles the tags these structs use (a name, omitempty, "-"); a
// struct with embedded fields or other options is not expected and panics,
// which the equivalence test would show.
func jsonFields(t reflect.Type) []jsonField {
	fields := make([]jsonField, 0, t.NumField())
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous || (opts != "" && opts != "omitempty") {
			panic("render: no plain value for field " + t.String() + "." + sf.Name)
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, jsonField{name: name, index: i, omitEmpty: opts == "omitempty"})
	}
	// goformation declares a type's properties in their names' order: the
	// sort has nothing to do for most.
	if !slices.IsSortedFunc(fields, byName) {
		slices.SortFunc(fields, byName)
	}
	return fields
}

func byName(x, y jsonField) int { return strings.Compare(x.name, y.name) }

// isEmpty is encoding/json's notion of an empty value for omitempty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// nodeOf builds the node tree of v as yamlout.FromValue(plainValue(v))
// would, without the plain maps in between: the keys of a struct are its
// JSON names, sorted once per type, and each map's keys sorted as it is met.
// Strings pass through b's expand (goformation's encoded intrinsics).
func nodeOf(v reflect.Value, b *yamlout.Builder) (*yaml.Node, error) {
	if !v.IsValid() {
		return b.Scalar("!!null", "null"), nil
	}
	t := v.Type()
	k := kindOf(t)
	if k.resource && !v.IsNil() {
		return resourceNode(v, b)
	}
	if k.extended && !v.IsNil() {
		return extendedNode(v.Interface().(extendedResource), b)
	}
	if k.marshaler && (t.Kind() != reflect.Pointer || !v.IsNil()) {
		x, err := viaJSON(v.Interface())
		return b.Node(x), err
	}
	if k.pointerMarshaler && v.CanAddr() {
		x, err := viaJSON(v.Addr().Interface())
		return b.Node(x), err
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return b.Scalar("!!null", "null"), nil
		}
		if v.Kind() == reflect.Interface {
			if x := v.Elem().Interface(); isPlain(x) {
				// A plain value (the API's Body, a policy's condition):
				// the builder walks it without reflection.
				return b.Node(x), nil
			}
		}
		return nodeOf(v.Elem(), b)
	case reflect.Struct:
		return structNode(v, b)
	case reflect.Map:
		if v.IsNil() {
			return b.Scalar("!!null", "null"), nil
		}
		if t.Key().Kind() != reflect.String {
			x, err := viaJSON(v.Interface())
			return b.Node(x), err
		}
		keys := make([]string, 0, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			keys = append(keys, iter.Key().String())
		}
		slices.Sort(keys)
		n := b.Collection(yaml.MappingNode, 2*len(keys))
		for _, key := range keys {
			c, err := nodeOf(v.MapIndex(reflect.ValueOf(key).Convert(t.Key())), b)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, b.Scalar("!!str", key), c)
		}
		return n, nil
	case reflect.Slice:
		if v.IsNil() {
			return b.Scalar("!!null", "null"), nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			x, err := viaJSON(v.Interface())
			return b.Node(x), err
		}
		fallthrough
	case reflect.Array:
		n := b.Collection(yaml.SequenceNode, v.Len())
		for i := range v.Len() {
			c, err := nodeOf(v.Index(i), b)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		return n, nil
	case reflect.String:
		return b.String(v.String()), nil
	case reflect.Bool:
		return b.Node(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return b.Number(float64(v.Int())), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return b.Number(float64(v.Uint())), nil
	case reflect.Float32, reflect.Float64:
		return b.Number(v.Float()), nil
	}
	x, err := viaJSON(v.Interface())
	return b.Node(x), err
}

// resourceNode writes a generated resource as its MarshalJSON does: Type,
// Properties and the attributes set, keys sorted.
func resourceNode(v reflect.Value, b *yamlout.Builder) (*yaml.Node, error) {
	type entry struct {
		key  *yaml.Node
		node *yaml.Node
	}
	props, err := structNode(v.Elem(), b)
	if err != nil {
		return nil, err
	}
	entries := []entry{{typeKey, b.String(v.Interface().(cloudformation.Resource).AWSCloudFormationType())}, {propertiesKey, props}}
	attributes := infoOf(v.Elem().Type()).attributes
	for i := range resourceAttributes {
		f := v.Elem().Field(attributes[i])
		if f.IsZero() || (f.Kind() == reflect.Slice || f.Kind() == reflect.Map) && f.Len() == 0 {
			continue // omitempty
		}
		c, err := nodeOf(f, b)
		if err != nil {
			return nil, err
		}
		entries = append(entries, entry{attributeKeys[i], c})
	}
	slices.SortFunc(entries, func(x, y entry) int { return strings.Compare(x.key.Value, y.key.Value) })
	n := b.Collection(yaml.MappingNode, 2*len(entries))
	for _, e := range entries {
		n.Content = append(n.Content, e.key, e.node)
	}
	return n, nil
}

// The shared key nodes of a resource's entries.
var (
	typeKey       = yamlout.SharedKey("Type")
	propertiesKey = yamlout.SharedKey("Properties")
	attributeKeys = func() []*yaml.Node {
		keys := make([]*yaml.Node, len(resourceAttributes))
		for i, a := range resourceAttributes {
			keys[i] = yamlout.SharedKey(a.key)
		}
		return keys
	}()
)

// extendedNode writes an extended resource as its MarshalJSON does: the
// generated resource, with the extra properties that are set among its
// Properties, keys sorted.
func extendedNode(x extendedResource, b *yamlout.Builder) (*yaml.Node, error) {
	n, err := resourceNode(reflect.ValueOf(x.generated()), b)
	if err != nil {
		return nil, err
	}
	props := yamlout.Value(n, "Properties")
	for key, value := range x.extraProperties() {
		if value != "" {
			props.Content = append(props.Content, b.Scalar("!!str", key), b.String(value))
		}
	}
	type pair struct{ key, value *yaml.Node }
	pairs := make([]pair, 0, len(props.Content)/2)
	for i := 0; i+1 < len(props.Content); i += 2 {
		pairs = append(pairs, pair{props.Content[i], props.Content[i+1]})
	}
	slices.SortFunc(pairs, func(p, q pair) int { return strings.Compare(p.key.Value, q.key.Value) })
	props.Content = props.Content[:0]
	for _, p := range pairs {
		props.Content = append(props.Content, p.key, p.value)
	}
	return n, nil
}

// structNode writes a struct as encoding/json does, keys sorted.
func structNode(v reflect.Value, b *yamlout.Builder) (*yaml.Node, error) {
	info := infoOf(v.Type())
	fields := info.fields
	// goformation's structs have a field for every property of a type and
	// a resource sets a few: the mapping gets room for those set alone.
	set := 0
	for _, f := range fields {
		if !f.omits(v.Field(f.index)) {
			set++
		}
	}
	n := b.Collection(yaml.MappingNode, 2*set)
	for i, f := range fields {
		fv := v.Field(f.index)
		if f.omits(fv) {
			continue
		}
		c, err := nodeOf(fv, b)
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, info.keyNode(i), c)
	}
	return n, nil
}

// isPlain reports whether v holds only what yamlout's builder writes as
// encoding/json would: maps of strings to plain values, lists of them,
// strings, float64s, bools and nils.
func isPlain(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			if !isPlain(x) {
				return false
			}
		}
		return true
	case []any:
		for _, x := range v {
			if !isPlain(x) {
				return false
			}
		}
		return true
	case string, float64, bool, nil:
		return true
	}
	return false
}
