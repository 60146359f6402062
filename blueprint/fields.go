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
