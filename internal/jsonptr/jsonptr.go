// Package jsonptr reads plain document values (what encoding/json or yaml.v3
// decode into an interface{}: maps, slices, strings, numbers) by JSON Pointer
// (RFC 6901), typed and without the chains of type assertions that panic on
// the first missing key. Tests read templates and OpenAPI documents with it:
//
//	body := jsonptr.Map(template, "/Resources/Api/Properties/Body")
package jsonptr

import (
	"strconv"
	"strings"
)

// Get returns the value at pointer ("" is the whole document) and whether
// there is one. ~1 stands for / and ~0 for ~ in a key.
func Get(doc any, pointer string) (any, bool) {
	if pointer == "" {
		return doc, true
	}
	if !strings.HasPrefix(pointer, "/") {
		return nil, false
	}
	v := doc
	for _, token := range strings.Split(pointer[1:], "/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[token]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(token)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// Map is the mapping at pointer, nil when there is none.
func Map(doc any, pointer string) map[string]any {
	v, _ := Get(doc, pointer)
	m, _ := v.(map[string]any)
	return m
}

// List is the list at pointer, nil when there is none.
func List(doc any, pointer string) []any {
	v, _ := Get(doc, pointer)
	l, _ := v.([]any)
	return l
}

// String is the string at pointer, "" when there is none.
func String(doc any, pointer string) string {
	v, _ := Get(doc, pointer)
	s, _ := v.(string)
	return s
}

// Maps is the list at pointer with its mappings only.
func Maps(doc any, pointer string) []map[string]any {
	var list []map[string]any
	for _, v := range List(doc, pointer) {
		if m, ok := v.(map[string]any); ok {
			list = append(list, m)
		}
	}
	return list
}

// Escape writes a key as a pointer token: / as ~1, ~ as ~0.
func Escape(key string) string {
	return strings.ReplaceAll(strings.ReplaceAll(key, "~", "~0"), "/", "~1")
}

// Missing finds where pointer leaves doc: the pointer of the last value it
// reaches (parent), that value, and the token parent has no entry for.
// ok is false when the whole pointer resolves, or is not a pointer.
func Missing(doc any, pointer string) (parent string, value any, token string, ok bool) {
	if pointer == "" || !strings.HasPrefix(pointer, "/") {
		return "", nil, "", false
	}
	v := doc
	for _, raw := range strings.Split(pointer[1:], "/") {
		token := strings.ReplaceAll(strings.ReplaceAll(raw, "~1", "/"), "~0", "~")
		if next, found := Get(v, "/"+raw); found {
			v, parent = next, parent+"/"+raw
			continue
		}
		return parent, v, token, true
	}
	return "", nil, "", false
}
