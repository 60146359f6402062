package blueprint

import (
	"slices"
	"testing"
)

// TestNamesGiving: the entries whose logical name starts a logical ID, of
// every kind of list, the longest word last; none for an ID no name starts.
func TestNamesGiving(t *testing.T) {
	b := &Blueprint{
		Services: []Service{{Name: "x"}, {Name: "x-dead-letter"}, {Name: "web"}},
		Topics:   []Topic{{Name: "x-dead"}},
		Buckets:  []Bucket{{Name: "xd"}},
		Ingress:  Ingress{ALBs: []ALB{{ID: "x"}}},
	}
	var got []string
	for _, e := range b.NamesGiving("XDeadLetterQueue") {
		got = append(got, e.Kind+" "+e.Path+" "+e.Word)
	}
	want := []string{"service services[0].name X", "load balancer ingress.albs[0].id X", "topic topics[0].name XDead", "service services[1].name XDeadLetter"}
	if !slices.Equal(got, want) {
		t.Errorf("NamesGiving(XDeadLetterQueue) = %q, want %q", got, want)
	}
	if got := b.NamesGiving("OrdersTable"); len(got) != 0 {
		t.Errorf("NamesGiving(OrdersTable) = %v, want none", got)
	}
}
