package blueprint

import (
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
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
			p := name
			if path != "" {
				p = path + "." + name
			}
			walkType(f.Type, p, list)
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
		t := v.Type()
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" || !f.IsExported() {
				continue
			}
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
