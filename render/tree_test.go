package render

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/awslabs/goformation/v7/cloudformation/autoscaling"
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

// TestGeneratedResources: the resources the tree writes as their
// MarshalJSON does are pointers to goformation's generated resource structs
// without creation or update policies; property types (which have the same
// attribute fields but no MarshalJSON), resources with policies and our own
// types that embed a resource are not.
func TestGeneratedResources(t *testing.T) {
	for _, c := range []struct {
		value any
		want  bool
	}{
		{ecs.Service{}, true},
		{ecs.TaskDefinition{}, true},
		{autoscaling.AutoScalingGroup{}, false}, // has creation and update policies
		{ecs.TaskDefinition_ContainerDefinition{}, false},
		{restAPIWithExtras{}, false},
		{struct{ AWSCloudFormationCondition string }{}, false},
		{struct{}{}, false},
	} {
		typ := reflect.PointerTo(reflect.TypeOf(c.value))
		if got := kindOfType(typ).resource; got != c.want {
			t.Errorf("kindOfType(%v).resource = %v, want %v", typ, got, c.want)
		}
	}
	index, _ := attributeIndexes(reflect.TypeOf(ecs.Service{}))
	for i, a := range resourceAttributes {
		if f := reflect.TypeOf(ecs.Service{}).Field(index[i]); f.Name != a.field {
			t.Errorf("attribute %s: index %d is the field %s", a.field, index[i], f.Name)
		}
	}
}

// TestFieldsSortedByName: a struct's fields are listed by their JSON
// names' order, whatever the order of their declaration, with the index of
// each in its struct.
func TestFieldsSortedByName(t *testing.T) {
	type s struct {
		B string `json:"b,omitempty"`
		A string `json:"a"`
		C string `json:"-"`
		D string
		e string
	}
	got := jsonFields(reflect.TypeOf(s{}))
	want := []jsonField{{"D", 3, false}, {"a", 1, false}, {"b", 0, true}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("jsonFields = %+v, want %+v", got, want)
	}
}
