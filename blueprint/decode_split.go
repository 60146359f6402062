package blueprint

import (
	"maps"
	"reflect"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/sidebyside"
)

// decodeSplitFrom is the number of items from which a list (a large
// Blueprint's services, its API's routes) is decoded in pieces side by
// side: decoding them one by one was a fifth of reading a 200-service
// Blueprint, on one processor.
const decodeSplitFrom = 64

// decodeItemsSideBySide decodes the items of sequence n into slice s in
// pieces side by side and reports whether it did. Each piece has a decoder
// of its own; their positions, bad paths and problems are then joined in
// the order of the items, which is what decoding them one by one gives:
// the items' paths are their own (services[3].name), and nothing else is
// shared but read-only tables. A list is left to be decoded item by item
// inside a piece, when it is short, and when its nodes could pass the
// node budget (then which node is refused depends on the order).
func (d *decoder) decodeItemsSideBySide(n *yaml.Node, s reflect.Value, path string) bool {
	if d.inPiece || len(n.Content) < decodeSplitFrom || sidebyside.Workers(len(n.Content)) < 2 ||
		countNodes(n.Content, d.budget) > d.budget {
		return false
	}
	pieces := make([]*decoder, sidebyside.Workers(len(n.Content)))
	sidebyside.Chunks(len(n.Content), func(c, from, to int) {
		src := *d.src
		src.pos, src.bad = map[string]position{}, map[string]bool{}
		p := &decoder{src: &src, budget: d.budget, inPiece: true}
		pieces[c] = p
		for i := from; i < to; i++ {
			p.decode(n.Content[i], s.Index(i), indexPath(path, i))
		}
	})
	// The pieces' positions are joined into a map made large enough at
	// once: a large Blueprint has tens of thousands, and a map grown to
	// them one by one is copied again and again on the way.
	room := len(d.src.pos)
	for _, p := range pieces {
		if p != nil {
			room += len(p.src.pos)
		}
	}
	pos := make(map[string]position, room)
	maps.Copy(pos, d.src.pos)
	d.src.pos = pos
	budget := d.budget
	for _, p := range pieces {
		if p == nil {
			continue
		}
		d.budget -= budget - p.budget // the nodes the piece decoded
		for k, v := range p.src.pos {
			d.src.pos[k] = v
		}
		for k := range p.src.bad {
			d.src.bad[k] = true
		}
		d.problems = append(d.problems, p.problems...)
	}
	return true
}

// countNodes counts the nodes under items, aliases followed as decode
// follows them, up to just past limit.
func countNodes(items []*yaml.Node, limit int) int {
	count := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for n.Kind == yaml.AliasNode && n.Alias != nil {
			n = n.Alias
		}
		if count++; count > limit {
			return
		}
		for _, c := range n.Content {
			if count > limit {
				return
			}
			walk(c)
		}
	}
	for _, n := range items {
		walk(n)
	}
	return count
}
