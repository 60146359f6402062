package blueprint

import (
	"bytes"
	"slices"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/sidebyside"
)

// A large Blueprint is mostly long lists: its services, its API's routes.
// yaml.v3 parses on one goroutine (13 ms of a 200-service Blueprint of
// 180 KB, the longest serial stretch of its render), so parseSplit parses
// the longest block sequences in pieces side by side and the rest of the
// document beside them, then puts the pieces' items in their places.
//
// Only a document whose pieces cannot reach into each other is split:
//   - no anchor ('&' nowhere): an alias in one piece could name an anchor in
//     another, and a merge key (<<: *defaults) needs one;
//   - valid UTF-8, no carriage return, no directive (%TAG: the pieces
//     would not know its handles), no document marker (---, ...) inside a
//     sequence split;
//   - a sequence split is the value of a plain key alone on its line
//     ("routes:", a comment after it at most), its entries starting with
//     "- " at one column.
//
// Each piece must then parse to a block sequence with exactly one item per
// entry line it holds, starting on those lines, and the rest of the
// document, each sequence replaced by a placeholder of one empty entry
// (restOf), must have that placeholder under each sequence's key, where the
// sequence stands: a quoted text or a flow collection
// running across a cut, or a "key:" line inside a literal text, fails one
// of these, and the whole document is parsed as one. The joined tree is
// the one yaml.v3 builds from the whole document, positions included, but
// for comments next to a cut (a comment between two services may hang on
// the one before rather than the one after), which the Blueprint's reader
// does not read. Differential tests and a fuzz target hold the two
// together.

// splitFrom is the size from which a Blueprint is worth splitting: below
// it, the pieces' goroutines and the second parse of the rest cost more
// than they save.
const splitFrom = 64 << 10

// maxSplit is the number of sequences split at most: the longest ones.
const maxSplit = 4

// parseSplit returns the root of the one document in data, parsed in
// pieces, and true; or false when the document is not split (see above),
// for parseDocument to parse it whole.
func parseSplit(data []byte) (*yaml.Node, bool) {
	return parseSplitFrom(data, splitFrom)
}

// parseSplitFrom is parseSplit for documents of at least size bytes (the
// tests split small ones).
func parseSplitFrom(data []byte, size int) (*yaml.Node, bool) {
	workers := sidebyside.Workers(len(data))
	if len(data) < max(size, 1) || workers < 2 ||
		bytes.IndexByte(data, '&') >= 0 || bytes.IndexByte(data, '\r') >= 0 || !utf8.Valid(data) ||
		data[0] == '%' || bytes.Contains(data, []byte("\n%")) {
		return nil, false
	}
	lines := splitLines(data)
	blocks := longestBlocks(lines, 2*workers)
	if len(blocks) == 0 {
		return nil, false
	}
	// The pieces: the rest of the document first, then each sequence cut
	// at its entries, one piece a processor.
	type piece struct {
		block    *sequenceBlock // nil for the rest
		from, to int            // the block's entries in the piece
		items    []*yaml.Node   // their items
		root     *yaml.Node     // the rest's root
		ok       bool
	}
	pieces := []*piece{{}}
	for i := range blocks {
		b := &blocks[i]
		n := len(b.entries)
		size := (n + workers - 1) / workers
		for from := 0; from < n; from += size {
			pieces = append(pieces, &piece{block: b, from: from, to: min(from+size, n)})
		}
	}
	sidebyside.Each(len(pieces), func(i int) {
		p := pieces[i]
		if p.block == nil {
			p.root, p.ok = parseOne(restOf(lines, blocks))
			return
		}
		p.items, p.ok = p.block.piece(lines, p.from, p.to)
	})
	for _, p := range pieces {
		if !p.ok {
			return nil, false
		}
	}
	root := pieces[0].root
	if root == nil || root.Kind != yaml.MappingNode {
		return nil, false
	}
	values := placeholders(root)
	for i := range blocks {
		b := &blocks[i]
		value := values[[2]int{b.key + 1, b.keyColumn + 1}]
		if value == nil || value.Line != b.entries[0]+1 || value.Column != b.column+1 {
			return nil, false
		}
		value.Content = nil
	}
	for _, p := range pieces[1:] {
		value := values[[2]int{p.block.key + 1, p.block.keyColumn + 1}]
		value.Content = append(value.Content, p.items...)
	}
	return root, true
}

// sequenceBlock is where a block sequence that is a key's value stands in
// a document's lines (0-based): its key's line and column, the line of
// each entry's "- ", the line after its last, and the column of its dashes.
type sequenceBlock struct {
	key, keyColumn, column, end int
	entries                     []int
}

// lines is the number of lines a sequence spans.
func (b *sequenceBlock) lines() int { return b.end - b.entries[0] }

// splitLines cuts data after each line break; the last line may have none.
func splitLines(data []byte) [][]byte {
	lines := make([][]byte, 0, bytes.Count(data, []byte{'\n'})+1)
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i+1])
		data = data[i+1:]
	}
	return lines
}

// longestBlocks finds the block sequences of at least minEntries entries
// under a plain key, and returns the longest ones that do not overlap, at
// most maxSplit, in the order of the document.
func longestBlocks(lines [][]byte, minEntries int) []sequenceBlock {
	var found []sequenceBlock
	for i := range lines {
		if b, ok := blockAt(lines, i); ok && len(b.entries) >= minEntries {
			found = append(found, b)
		}
	}
	slices.SortStableFunc(found, func(a, b sequenceBlock) int { return b.lines() - a.lines() })
	var chosen []sequenceBlock
	for _, b := range found {
		if len(chosen) == maxSplit {
			break
		}
		overlaps := slices.ContainsFunc(chosen, func(c sequenceBlock) bool {
			return b.key < c.end && c.key < b.end
		})
		if !overlaps {
			chosen = append(chosen, b)
		}
	}
	slices.SortFunc(chosen, func(a, b sequenceBlock) int { return a.key - b.key })
	return chosen
}

// blockAt returns the block sequence under the key on line i, or false
// when that line is no "key:" line with a block sequence after it.
func blockAt(lines [][]byte, i int) (sequenceBlock, bool) {
	b := sequenceBlock{key: i, keyColumn: indentation(lines[i])}
	if !isPlainKeyLine(lines[i][b.keyColumn:]) {
		return b, false
	}
	j := i + 1
	for j < len(lines) && isBlankOrComment(lines[j]) {
		j++
	}
	if j == len(lines) {
		return b, false
	}
	b.column = indentation(lines[j])
	if b.column < b.keyColumn || !isEntry(lines[j][b.column:]) {
		return b, false
	}
	for ; j < len(lines); j++ {
		line := lines[j]
		if bytes.HasPrefix(line, []byte("---")) || bytes.HasPrefix(line, []byte("...")) {
			return b, false
		}
		if isBlankOrComment(line) {
			continue
		}
		at := indentation(line)
		if at < b.column || at == b.column && !isEntry(line[at:]) {
			break
		}
		if at == b.column {
			b.entries = append(b.entries, j)
		}
	}
	// The blank and comment lines after the last entry stay with it: a
	// literal text that keeps its final line breaks (|+) ends there.
	b.end = j
	return b, true
}

// isPlainKeyLine reports whether text (a line from its first non-space) is
// a plain key of letters, digits, '_', '-' and '.' and a colon, with
// nothing after them but spaces and a comment.
func isPlainKeyLine(text []byte) bool {
	colon := bytes.IndexByte(text, ':')
	if colon <= 0 || !allBytes(string(text[:colon]), isKeyByte) || text[0] == '-' {
		return false
	}
	after := text[colon+1:]
	trimmed := bytes.TrimLeft(after, " ")
	return len(trimmed) == 0 || trimmed[0] == '\n' || trimmed[0] == '#' && len(trimmed) < len(after)
}

// isKeyByte is a byte of the plain keys isPlainKeyLine takes.
func isKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// isEntry reports whether text (a line from its first non-space) starts a
// block sequence's entry: a dash followed by a space or the line's end.
func isEntry(text []byte) bool {
	return len(text) > 0 && text[0] == '-' && (len(text) == 1 || text[1] == ' ' || text[1] == '\n')
}

// isBlankOrComment reports whether a line holds only spaces, or a comment
// after them. A tab makes it neither: tabs are left to the whole parse and
// its messages.
func isBlankOrComment(line []byte) bool {
	text := line[indentation(line):]
	return len(text) == 0 || text[0] == '\n' || text[0] == '#'
}

// indentation is the number of spaces a line starts with.
func indentation(line []byte) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	return n
}

// restOf is the document with every sequence split replaced by a
// placeholder of one empty entry ("-" at its column, on its first line) and
// empty lines, so that its positions are those of the whole, and what
// follows a sequence is read as it is after the sequence itself (a line
// indented less than the dashes closes it; after an empty value, it could
// have become that value).
func restOf(lines [][]byte, blocks []sequenceBlock) []byte {
	var rest []byte
	next := 0
	for i, line := range lines {
		for next < len(blocks) && i >= blocks[next].end {
			next++
		}
		if next < len(blocks) && i == blocks[next].entries[0] {
			rest = append(append(rest, bytes.Repeat([]byte{' '}, blocks[next].column)...), "-\n"...)
			continue
		}
		if next < len(blocks) && i > blocks[next].entries[0] {
			rest = append(rest, '\n')
			continue
		}
		rest = append(rest, line...)
	}
	return rest
}

// piece parses the lines of entries [from, to) of a sequence and returns
// their items with the whole document's line numbers, and true; or false
// when the lines do not parse to exactly those items.
func (b *sequenceBlock) piece(lines [][]byte, from, to int) ([]*yaml.Node, bool) {
	first, last := b.entries[from], b.end
	if to < len(b.entries) {
		last = b.entries[to]
	}
	entries := b.entries[from:to]
	root, ok := parseOne(bytes.Join(lines[first:last], nil))
	if !ok || root == nil || root.Kind != yaml.SequenceNode || root.Line != 1 || root.Column != b.column+1 ||
		len(root.Content) != len(entries) {
		return nil, false
	}
	for i, item := range root.Content {
		shiftLines(item, first)
		next := last
		if i+1 < len(entries) {
			next = entries[i+1]
		}
		// Each item starts on its entry's line or after it, before the
		// next entry's.
		if item.Line-1 < entries[i] || item.Line-1 >= next {
			return nil, false
		}
	}
	if last < len(lines) {
		// An empty value at the end of a piece (a "key:" or "-" with
		// nothing after it) stands where the next token does: in the
		// whole document that is the next entry's dash, or the first
		// text of the line after the sequence; in the piece, the start
		// of the line after its end.
		next := b.column + 1
		if to == len(b.entries) {
			next = indentation(lines[last]) + 1
		}
		atEnd(root.Content[len(root.Content)-1], last+1, next)
	}
	return root.Content, true
}

// atEnd moves the empty scalars of tree n that stand at the start of line
// (1-based), where a piece ends, to column.
func atEnd(n *yaml.Node, line, column int) {
	eachNode(n, func(n *yaml.Node) {
		if isEmptyValue(n) && n.Line == line && n.Column == 1 {
			n.Column = column
		}
	})
}

// parseOne parses text that must hold one document, as parseWhole does:
// its root (nil when empty) and true, or false on any error.
func parseOne(text []byte) (*yaml.Node, bool) {
	root, err := parseWhole(text)
	return root, err == nil
}

// placeholders maps the position (line, column) of every plain key in the
// tree whose value is a block sequence of one empty item (restOf's
// placeholder) to that value.
func placeholders(root *yaml.Node) map[[2]int]*yaml.Node {
	values := map[[2]int]*yaml.Node{}
	eachNode(root, func(n *yaml.Node) {
		if n.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, value := n.Content[i], n.Content[i+1]
			if key.Kind == yaml.ScalarNode && key.Style == 0 && value.Kind == yaml.SequenceNode &&
				value.Style == 0 && value.Tag == "!!seq" && len(value.Content) == 1 && isEmptyValue(value.Content[0]) {
				values[[2]int{key.Line, key.Column}] = value
			}
		}
	})
	return values
}

// isEmptyValue reports whether n is what yaml.v3 makes of nothing: a null
// scalar without text, tag or style.
func isEmptyValue(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Value == "" && n.Style == 0
}

// shiftLines moves a tree parsed from a piece starting at line first
// (0-based) of a document to that document's line numbers.
func shiftLines(n *yaml.Node, first int) {
	eachNode(n, func(n *yaml.Node) { n.Line += first })
}

// eachNode calls f for n and every node under it, parents first. The trees
// of a split parse hold no aliases (no anchor is split).
func eachNode(n *yaml.Node, f func(*yaml.Node)) {
	f(n)
	for _, c := range n.Content {
		eachNode(c, f)
	}
}
