package openapi

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ecsgate/ecsgate/internal/sidebyside"
)

// yamlMarshaler is kin-openapi's way of writing a type: a plain value
// (maps, slices, scalars, further typed values) that its MarshalJSON
// encodes as JSON.
type yamlMarshaler interface{ MarshalYAML() (any, error) }

// Plain is the document as encoding/json decodes its JSON (see plain): the
// REST API's Body is built from it.
func Plain(doc *openapi3.T) (any, error) { return plain(doc) }

// plain turns a kin-openapi value into what encoding/json would decode its
// JSON into (maps, slices, strings, float64s, bools, nils) without writing
// and reading the JSON text: each type writes itself with MarshalYAML,
// which its MarshalJSON marshals. Writing JSON first cost most of a large
// render, every nested MarshalJSON's output being compacted again by the
// one around it.
func plain(v any) (any, error) {
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string, bool, float64:
		return x, nil
	case map[string]any:
		// A copy: the maps may be the document's own (its extensions'
		// values), which other readers may be reading.
		if len(x) >= sidebyside.Large {
			return plainInParallel(x)
		}
		out := make(map[string]any, len(x))
		for k, e := range x {
			p, err := plain(e)
			if err != nil {
				return nil, err
			}
			out[k] = p
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			p, err := plain(e)
			if err != nil {
				return nil, err
			}
			out[i] = p
		}
		return out, nil
	}
	x, err := lower(v)
	if err != nil {
		return nil, err
	}
	return plain(x)
}

// lower is one step of plain for a value that is not yet plain: what it
// writes itself as (MarshalYAML, or the JSON road), or, for other types,
// the same value as a plain map, list or scalar whose elements may still
// need lowering. yamlout's lowering builder writes documents with it.
func lower(v any) (any, error) {
	switch x := v.(type) {
	case yamlMarshaler:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
			return nil, nil
		}
		return x.MarshalYAML()
	case json.Marshaler:
		return viaJSON(x)
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, nil
		}
		return rv.Elem().Interface(), nil
	case reflect.Map:
		if rv.IsNil() {
			return nil, nil
		}
		if rv.Type().Key().Kind() != reflect.String {
			return viaJSON(v)
		}
		out := make(map[string]any, rv.Len())
		it := rv.MapRange()
		for it.Next() {
			out[it.Key().String()] = it.Value().Interface()
		}
		return out, nil
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil, nil
		}
		if rv.Type().Elem().Kind() == reflect.Uint8 {
			return viaJSON(v)
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).Interface()
		}
		return out, nil
	case reflect.String:
		return rv.String(), nil
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return rv.Float(), nil
	case reflect.Struct:
		return viaJSON(v)
	}
	return nil, fmt.Errorf("openapi: no plain value for %T", v)
}

// viaJSON is the JSON road, for what writes itself only as JSON.
func viaJSON(v any) (any, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var x any
	err = json.Unmarshal(j, &x)
	return x, err
}

// plainInParallel converts the values of a large map in chunks side by side,
// then stores them (a map takes one writer at a time).
func plainInParallel(x map[string]any) (any, error) {
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	values := make([]any, len(keys))
	errs := make([]error, len(keys))
	sidebyside.Chunks(len(keys), func(_, from, to int) {
		for i := from; i < to; i++ {
			values[i], errs[i] = plain(x[keys[i]])
		}
	})
	out := make(map[string]any, len(keys))
	for i, k := range keys {
		if errs[i] != nil {
			return nil, errs[i]
		}
		out[k] = values[i]
	}
	return out, nil
}
