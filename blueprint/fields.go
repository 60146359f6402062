package blueprint

import (
	"iter"
	"reflect"
	"strings"
)

// FieldPath is one leaf of the Blueprint's model that holds a string or a
// number, written as a pattern: "[]" stands for every item of a list, ".*"
// for every value of a mapping and "{}" for its keys (tag keys, variable
// names...).
type FieldPath struct {
	// Path is the pattern, e.g. services[].containers[].environment.*.
	Path string
	// Number is true for number fields (whole or not).
	Number bool
}

// FieldPaths lists every string and number a Blueprint can hold, read from
// the model's types, in declaration order: the inventory (Inventory) must
// name each of them.
func FieldPaths() []FieldPath {
	var list []FieldPath
	walkType(reflect.TypeOf(Blueprint{}), "", &list)
	return list
}

func walkType(t reflect.Type, path string, list *[]FieldPath) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		*list = append(*list, FieldPath{Path: path})
	case reflect.Int, reflect.Int64, reflect.Float64:
		*list = append(*list, FieldPath{Path: path, Number: true})
	case reflect.Slice:
		walkType(t.Elem(), path+"[]", list)
	case reflect.Map:
		*list = append(*list, FieldPath{Path: path + "{}"})
		walkType(t.Elem(), path+".*", list)
	case reflect.Struct:
		for i, name := range writableFields(t) {
			p := name
			if path != "" {
				p = path + "." + name
			}
			walkType(t.Field(i).Type, p, list)
		}
	}
}

// writableFields yields the index and YAML name of each field of the struct
// type t that a Blueprint can write (exported, with a yaml name), in
// declaration order.
func writableFields(t reflect.Type) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			if !yield(i, name) {
				return
			}
		}
	}
}

// eachText calls fn with the path and value of every string below v (a
// Blueprint's value) that want takes, as problems name paths: list items
// by index, a mapping's values by key. A path is built only for a value
// wanted: most values are not.
func eachText(v reflect.Value, want func(value string) bool, fn func(path, value string)) {
	var at []pathStep
	walkText(v, &at, want, fn)
}

// pathStep is one step of a path: a field or key, or a list index.
type pathStep struct {
	name  string
	index int // -1 for a name
}

func walkText(v reflect.Value, at *[]pathStep, want func(string) bool, fn func(path, value string)) {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); s != "" && want(s) {
			fn(stepsPath(*at), s)
		}
	case reflect.Slice:
		for i := range v.Len() {
			*at = append(*at, pathStep{index: i})
			walkText(v.Index(i), at, want, fn)
			*at = (*at)[:len(*at)-1]
		}
	case reflect.Map:
		for _, key := range v.MapKeys() {
			if key.Kind() == reflect.String {
				*at = append(*at, pathStep{name: key.String(), index: -1})
				walkText(v.MapIndex(key), at, want, fn)
				*at = (*at)[:len(*at)-1]
			}
		}
	case reflect.Struct:
		for i, name := range writableFields(v.Type()) {
			*at = append(*at, pathStep{name: name, index: -1})
			walkText(v.Field(i), at, want, fn)
			*at = (*at)[:len(*at)-1]
		}
	}
}

// stepsPath writes steps as a field path (services[0].name).
func stepsPath(steps []pathStep) string {
	path := ""
	for _, s := range steps {
		if s.index >= 0 {
			path = indexPath(path, s.index)
		} else {
			path = joinPath(path, s.name)
		}
	}
	return path
}

// eachReplacedZero calls fn with the path and default of every whole
// number that raw (a Blueprint as written) holds as 0 and b (the same with
// its defaults) holds as another value, where written says the 0 was
// written: a plain number field cannot tell 0 from left out, so its
// default takes the place of a 0 the user meant (versionDays: 0 for "keep
// no earlier version", logs.retention: 0 for "keep forever").
func eachReplacedZero(raw, b *Blueprint, written func(path string) bool, fn func(path string, def int64)) {
	var at []pathStep
	walkReplacedZeros(reflect.ValueOf(raw).Elem(), reflect.ValueOf(b).Elem(), &at, written, fn)
}

func walkReplacedZeros(raw, b reflect.Value, at *[]pathStep, written func(string) bool, fn func(string, int64)) {
	for raw.Kind() == reflect.Pointer || raw.Kind() == reflect.Interface {
		if raw.IsNil() || b.IsNil() {
			return
		}
		raw, b = raw.Elem(), b.Elem()
	}
	switch raw.Kind() {
	case reflect.Int, reflect.Int64:
		if raw.Int() == 0 && b.Int() != 0 {
			if path := stepsPath(*at); written(path) {
				fn(path, b.Int())
			}
		}
	case reflect.Slice:
		// Defaults may add items (a network's subnets), never reorder them.
		for i := range min(raw.Len(), b.Len()) {
			*at = append(*at, pathStep{index: i})
			walkReplacedZeros(raw.Index(i), b.Index(i), at, written, fn)
			*at = (*at)[:len(*at)-1]
		}
	case reflect.Map:
		for _, key := range raw.MapKeys() {
			if other := b.MapIndex(key); key.Kind() == reflect.String && other.IsValid() {
				*at = append(*at, pathStep{name: key.String(), index: -1})
				walkReplacedZeros(raw.MapIndex(key), other, at, written, fn)
				*at = (*at)[:len(*at)-1]
			}
		}
	case reflect.Struct:
		for i, name := range writableFields(raw.Type()) {
			*at = append(*at, pathStep{name: name, index: -1})
			walkReplacedZeros(raw.Field(i), b.Field(i), at, written, fn)
			*at = (*at)[:len(*at)-1]
		}
	}
}
