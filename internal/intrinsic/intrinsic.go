// Package intrinsic writes CloudFormation intrinsic functions into
// goformation's typed resources, and reads back exactly the ones it wrote.
//
// goformation's helpers (cloudformation.Ref, Sub, GetAtt...) write a function
// as base64 of its JSON, a string that fits any string field of a typed
// resource; a writer that turns every string of that shape back into a
// function would also turn a user's text of the same shape (a tag value
// "eyJSZWYiOiJBV1M6OlJlZ2lvbiJ9") into !Ref AWS::Region. The helpers here call
// goformation's and put a mark in front of the result that holds a key drawn
// at random when the process first needs one: a Blueprint, written before the
// process started, cannot carry it, so [Expand] expands only what this
// package's helpers created, never a string because of its shape.
package intrinsic

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/awslabs/goformation/v7/cloudformation"
)

// prefix starts every mark; the key and a tilde follow it. Only letters,
// digits, hyphens and tildes, so that a mark survives goformation's helpers
// that put one function inside another (Join, Select) as JSON text.
const prefix = "ecsgate-fn~"

// mark is prefix, the process's key and a tilde.
var mark = sync.OnceValue(func() string {
	key := make([]byte, 16)
	if _, err := rand.Read(key); err != nil {
		panic("intrinsic: no random key: " + err.Error())
	}
	return prefix + hex.EncodeToString(key) + "~"
})

func wrap(encoded string) string { return mark() + encoded }

// written remembers the functions the commonest helpers wrote, by their
// marked string, as Expand returns them: decoding base64 and JSON again for
// each was most of Expand's time. Only a cache, bounded by maxWritten:
// Expand decodes what it does not hold.
var (
	written      sync.Map // marked string -> map[string]any
	writtenCount atomic.Int64
)

const maxWritten = 1 << 16

// remember wraps an encoded function and records its value. The value is
// shared: its readers never change it.
func remember(encoded string, value map[string]any) string {
	s := wrap(encoded)
	if writtenCount.Load() < maxWritten {
		if _, loaded := written.LoadOrStore(s, value); !loaded {
			writtenCount.Add(1)
		}
	}
	return s
}

// made remembers the commonest helpers' results by their arguments: a
// large application names the same few functions (Ref Cluster, a role's
// Arn) thousands of times, and goformation formats and encodes each anew.
// Only a cache, bounded like written.
var (
	made      sync.Map // madeKey -> marked string
	madeCount atomic.Int64
)

// madeKey is a helper and its arguments.
type madeKey struct{ helper, a, b string }

// once returns the helper's result for key, computed by write the first
// time.
func once(key madeKey, write func() string) string {
	if s, ok := made.Load(key); ok {
		return s.(string)
	}
	s := write()
	if madeCount.Load() < maxWritten {
		if _, loaded := made.LoadOrStore(key, s); !loaded {
			madeCount.Add(1)
		}
	}
	return s
}

// Ref is {"Ref": name}.
func Ref(name string) string {
	return once(madeKey{"Ref", name, ""}, func() string { return remember(cloudformation.Ref(name), map[string]any{"Ref": name}) })
}

// RefPtr is a pointer to Ref(name), for optional fields.
func RefPtr(name string) *string { return cloudformation.String(Ref(name)) }

// GetAtt is {"Fn::GetAtt": [resource, attribute]}.
func GetAtt(resource, attribute string) string {
	return once(madeKey{"GetAtt", resource, attribute}, func() string {
		return remember(cloudformation.GetAtt(resource, attribute), map[string]any{"Fn::GetAtt": []any{resource, attribute}})
	})
}

// GetAttPtr is a pointer to GetAtt(resource, attribute).
func GetAttPtr(resource, attribute string) *string {
	return cloudformation.String(GetAtt(resource, attribute))
}

// Sub is {"Fn::Sub": template}.
func Sub(template string) string {
	return once(madeKey{"Sub", template, ""}, func() string { return remember(cloudformation.Sub(template), map[string]any{"Fn::Sub": template}) })
}

// SubPtr is a pointer to Sub(template).
func SubPtr(template string) *string { return cloudformation.String(Sub(template)) }

// Join is {"Fn::Join": [delimiter, values]}; values may hold functions.
func Join(delimiter string, values []string) string {
	return wrap(cloudformation.Join(delimiter, values))
}

// Select is {"Fn::Select": [index, list]}; list is a function returning a
// list (GetAZs).
func Select(index int, list string) string { return wrap(cloudformation.Select(index, list)) }

// Split is {"Fn::Split": [delimiter, source]}; source may be a function
// (Ref AWS::StackId).
func Split(delimiter, source string) string { return wrap(cloudformation.Split(delimiter, source)) }

// GetAZs is {"Fn::GetAZs": region}.
func GetAZs(region string) string { return wrap(cloudformation.GetAZs(region)) }

// Equals is {"Fn::Equals": [a, b]}, for a condition; a and b may be
// functions (Ref).
func Equals(a, b string) string { return wrap(cloudformation.Equals(a, b)) }

// If is {"Fn::If": [condition, a, b]}; a and b may be functions, NoValue
// among them.
func If(condition, a, b string) string { return wrap(cloudformation.If(condition, a, b)) }

// NoValue is {"Ref": "AWS::NoValue"}: as a branch of If, it removes the
// property or list item it stands for.
func NoValue() string { return Ref("AWS::NoValue") }

// FindInMap is {"Fn::FindInMap": [mapping, key, name]}; key may be a
// function (Ref AWS::Region).
func FindInMap(mapping, key, name string) string {
	return wrap(cloudformation.FindInMap(mapping, key, name))
}

// Or is {"Fn::Or": conditions}, for a condition: 2 to 10 of them, each a
// function (Equals).
func Or(conditions []string) string { return wrap(cloudformation.Or(conditions)) }

// ImportValue is {"Fn::ImportValue": name}; name may be a function (Sub).
func ImportValue(name string) string { return wrap(cloudformation.ImportValue(name)) }

// Functions are the intrinsic functions goformation's helpers write, by the
// key of their JSON object.
var Functions = map[string]bool{
	"Ref": true, "Fn::Base64": true, "Fn::And": true, "Fn::Equals": true, "Fn::If": true, "Fn::Not": true,
	"Fn::Or": true, "Fn::FindInMap": true, "Fn::GetAtt": true, "Fn::GetAZs": true, "Fn::ImportValue": true,
	"Fn::Join": true, "Fn::Select": true, "Fn::Split": true, "Fn::Sub": true, "Fn::Cidr": true, "Fn::Transform": true,
}

// Expand returns the function a helper of this package wrote as s: its JSON
// object, whose strings may be such functions again. Any other string, of
// whatever shape, is text: false.
func Expand(s string) (any, bool) {
	encoded, ok := strings.CutPrefix(s, mark())
	if !ok {
		return nil, false
	}
	if fn, ok := written.Load(s); ok {
		return fn, true
	}
	return decode(encoded)
}

// decode reads goformation's encoding of a function: base64 of its JSON.
func decode(encoded string) (any, bool) {
	decoded, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		return nil, false
	}
	var fn map[string]any
	if json.Unmarshal(decoded, &fn) != nil || len(fn) != 1 {
		return nil, false
	}
	for name := range fn {
		if Functions[name] {
			return fn, true
		}
	}
	return nil, false
}

// Is reports whether s is a function a helper of this package wrote.
func Is(s string) bool { return strings.HasPrefix(s, mark()) }

// Encoded returns goformation's encoding of a function this package wrote
// (without the mark), and any other string as it is: for values that must not
// depend on the process, such as a hash that names a resource.
func Encoded(s string) string {
	if encoded, ok := strings.CutPrefix(s, mark()); ok {
		return encoded
	}
	return s
}
