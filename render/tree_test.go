package render

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/awslabs/goformation/v7/cloudformation/ecs"
)

// TestBasicTypesHaveNoKind: the types kindOf answers for without working
// them out (predeclared types and pointers to them) are those whose worked
// out kind is the zero one; named types, lists and pointers to pointers are
// worked out.
func TestBasicTypesHaveNoKind(t *testing.T) {
	s := "x"
	for _, c := range []struct {
		value any
		basic bool
	}{
		{"x", true}, {&s, true}, {true, true}, {3, true}, {int64(3), true}, {uint8(3), true}, {2.5, true}, {complex(1, 2), true},
		{new(*string), false}, {[]string{}, false}, {map[string]any{}, false}, {struct{}{}, false},
		{json.Number("1"), false}, {time.Second, false}, {&ecs.Service{}, false}, {ecs.Service{}, false},
	} {
		typ := reflect.TypeOf(c.value)
		if got := basic(typ); got != c.basic {
			t.Errorf("basic(%v) = %v, want %v", typ, got, c.basic)
		}
		if c.basic && kindOfType(typ) != (typeKind{}) {
			t.Errorf("%v: basic, but its kind is %+v", typ, kindOfType(typ))
		}
	}
	if kindOfType(reflect.TypeOf(&ecs.Service{})) == (typeKind{}) {
		t.Error("a goformation resource has the zero kind: the test no longer tells the two apart")
	}
}
