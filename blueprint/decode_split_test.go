package blueprint

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// decodeWith decodes a document with a node budget, its lists side by
// side or, with oneByOne, item by item.
func decodeWith(t *testing.T, data []byte, budget int, oneByOne bool) (*Blueprint, *decoder) {
	t.Helper()
	root, err := parseWhole(data)
	if err != nil {
		t.Fatal(err)
	}
	expandMerges(root)
	d := &decoder{src: newSource("b.yaml"), budget: budget, inPiece: oneByOne}
	d.src.root = root
	b := &Blueprint{src: d.src}
	d.decode(root, reflect.ValueOf(b).Elem(), "")
	return b, d
}

// TestDecodeSideBySideAsOneByOne holds a Blueprint decoded with its long
// lists in pieces to the one decoded item by item: the values, where each
// field was written, the paths marked bad, the problems in their order and
// the node budget left, for lists with unknown fields, values of the wrong
// type and merges, with two to five pieces, and budgets the lists fit in
// and do not.
func TestDecodeSideBySideAsOneByOne(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	bad := []string{"cpu: lots", "port: [1]", "unknown: 1", "name: {a: 1}", "<<: {cpu: 256}", "containers: [{name: app, port: x}]", "healthCheck: {path: /h}"}
	var b strings.Builder
	b.WriteString("name: orders\nservices:\n")
	for i := range 150 {
		fmt.Fprintf(&b, "  - name: svc-%d\n    %s\n", i, bad[r.IntN(len(bad))])
	}
	b.WriteString("api:\n  routes:\n")
	for i := range 100 {
		fmt.Fprintf(&b, "    - {path: /r%d, service: svc-%d, methods: [GET]}\n", i, i)
	}
	b.WriteString("surprise: 1\n")
	data := []byte(b.String())
	_, whole := decodeWith(t, data, maxNodes, true)
	used := maxNodes - whole.budget
	for _, procs := range []int{2, 3, 5} {
		withProcessors(procs, func() {
			for _, budget := range []int{maxNodes, used, used - 1, used / 2} {
				want, wd := decodeWith(t, data, budget, true)
				got, gd := decodeWith(t, data, budget, false)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%d processors, budget %d: the Blueprints (or their positions) differ", procs, budget)
				}
				if !reflect.DeepEqual(gd.problems, wd.problems) {
					t.Errorf("%d processors, budget %d: problems\n%v\nwant\n%v", procs, budget, gd.problems, wd.problems)
				}
				if gd.budget != wd.budget {
					t.Errorf("%d processors, budget %d: %d left, want %d", procs, budget, gd.budget, wd.budget)
				}
			}
		})
	}
	// The lists are long enough to be decoded side by side.
	withProcessors(2, func() {
		_, d := decodeWith(t, []byte("name: a\n"), maxNodes, false)
		root, _ := parseWhole(data)
		services := root.Content[3]
		s := reflect.MakeSlice(reflect.TypeFor[[]Service](), len(services.Content), len(services.Content))
		if !d.decodeItemsSideBySide(services, s, "services") {
			t.Error("150 services are not decoded side by side")
		}
	})
	if len(whole.problems) < 50 {
		t.Fatalf("only %d problems: the test compares too little", len(whole.problems))
	}
}
