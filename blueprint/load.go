package blueprint

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/lazyre"
	"github.com/ecsgate/ecsgate/internal/yamlout"
)

// Load reads, decodes and validates the Blueprint file at path. On failure the
// error is a [Problems] value holding every problem found, decode and validation
// alike, each with its file position.
func Load(path string) (*Blueprint, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Read(path, data)
}

// Read decodes and validates a Blueprint held in memory; name is used in
// problem positions.
func Read(name string, data []byte) (*Blueprint, error) {
	return ReadFiles(name, data, nil)
}

// ReadFiles is [Read] for a Blueprint whose files (api.openapi, and what
// its $refs name) are read by files, given names relative to the
// Blueprint's directory with slashes: a built-in example reads them from
// the examples gen carries. nil reads them from disk beside name.
func ReadFiles(name string, data []byte, files func(name string) ([]byte, error)) (*Blueprint, error) {
	b, err := parse(name, data, files)
	var problems Problems
	if err != nil && !errors.As(err, &problems) {
		return nil, err
	}
	if b != nil {
		var invalid Problems
		if errors.As(b.resolveOnRead(), &invalid) {
			problems = append(problems, invalid...)
		}
		if len(b.Environments) > 0 {
			problems = append(problems, b.validateEnvironments(problems)...)
			envs := b.mergedEnvironments()
			problems = append(problems, sharedNames(envs)...)
			problems = append(problems, sharedEndpoints(envs)...)
		}
	}
	if err := problems.asError(); err != nil {
		return nil, err
	}
	return b, nil
}

// Parse decodes a Blueprint from YAML without validating it. It reports unknown
// and duplicate keys at any depth, values of the wrong type and YAML syntax
// errors, all at once. When only some fields are wrong it still returns the
// Blueprint decoded from the rest, so that [Blueprint.Validate] can report the
// remaining problems in the same run.
func Parse(name string, data []byte) (*Blueprint, error) {
	return parse(name, data, nil)
}

func parse(name string, data []byte, files fileReader) (*Blueprint, error) {
	d := &decoder{src: newSource(name), budget: maxNodes}
	d.src.files = files
	if spaces := unicodeIndents(data); len(spaces) > 0 {
		// YAML reads them as text, not indentation: the lines would be
		// read as other fields than the ones meant.
		for _, at := range spaces {
			d.fail(at.position, "", fmt.Sprintf("is not valid YAML: this line is indented with %s (U+%04X), which YAML does not read as indentation", spaceName(at.r), at.r),
				"replace it with plain spaces (text copied from a web page or a chat often brings them)")
		}
		return nil, d.problems.asError()
	}
	root, err := parseDocument(data)
	if err != nil {
		at, msg, fix := syntaxProblem(data, err)
		d.fail(at, "", msg, fix)
		return nil, d.problems.asError()
	}
	b := &Blueprint{src: d.src}
	d.src.root = root
	if root == nil {
		// Nothing to validate: the required fields are what the fix names.
		d.fail(position{line: 1, col: 1}, "", "the Blueprint is empty", "write at least name and services")
		return nil, d.problems.asError()
	}
	if at, what, fix, ok := otherKindOf(root); ok {
		// Its fields would each be unknown: one problem says what it is.
		d.fail(nodePos(at), at.Value, "this is "+what+", not a Blueprint", fix)
		return nil, d.problems.asError()
	}
	d.decode(root, reflect.ValueOf(b).Elem(), "")
	d.readAPIDocument(b)
	return b, d.problems.asError()
}

// typographicQuoted reports whether n is a plain scalar wrapped in
// typographic quotes (“1.0.0”, ‘hello’, „x“), as a word processor or a chat
// writes a quoted value copied from it, and returns the text inside. A
// value in straight quotes is taken as written: the quotes are meant.
func typographicQuoted(n *yaml.Node) (string, bool) {
	// Each of these quotes is three bytes in UTF-8, starting with 0xE2:
	// most values are answered by their first byte.
	if n.Kind != yaml.ScalarNode || n.Style != 0 || len(n.Value) < 6 || n.Value[0] != 0xE2 {
		return "", false
	}
	r := []rune(n.Value)
	if len(r) < 2 || !strings.ContainsRune("“”„‘’‚", r[0]) || !strings.ContainsRune("“”‘’", r[len(r)-1]) {
		return "", false
	}
	return string(r[1 : len(r)-1]), true
}

// unicodeSpace is a space other than U+0020 in a line's indentation, and
// where it is.
type unicodeSpace struct {
	position
	r rune
}

// unicodeIndents finds the lines whose indentation holds a space YAML does
// not take as one (a non-breaking, ideographic or zero-width space) before
// a field or a list item. The column is the first one's, counted in
// characters as YAML counts them. A line of text in a block scalar may
// start with such a space and mean it; one that reads as a field or an
// item is taken for indentation.
func unicodeIndents(data []byte) []unicodeSpace {
	if !slices.ContainsFunc(data, func(b byte) bool { return b >= utf8.RuneSelf }) {
		return nil // ASCII: the common case, without reading each line
	}
	var found []unicodeSpace
	for n, line := range strings.Split(string(data), "\n") {
		col := 1
		for i, r := range line {
			if r == ' ' {
				col++
				continue
			}
			if isUnicodeSpace(r) && !(n == 0 && col == 1 && r == '\uFEFF') && readsAsEntry(line[i:]) { // a byte-order mark opens a file
				found = append(found, unicodeSpace{position{line: n + 1, col: col}, r})
			}
			break
		}
	}
	return found
}

// readsAsEntry reports whether s, after the spaces that open it, reads as
// a field (name: ...) or a list item (- ...).
func readsAsEntry(s string) bool {
	rest := strings.TrimLeftFunc(s, func(r rune) bool { return r == ' ' || isUnicodeSpace(r) })
	if strings.HasPrefix(rest, "- ") || rest == "-" {
		return true
	}
	key, _, found := strings.Cut(rest, ":")
	return found && isPlainKey(key) && (len(rest) == len(key)+1 || rest[len(key)+1] == ' ')
}

// isUnicodeSpace reports whether r is a space YAML reads as text.
func isUnicodeSpace(r rune) bool {
	// U+0085, U+2028 and U+2029 are line breaks to YAML 1.1 readers.
	return r != ' ' && r != '\t' && r != '\r' && r != '\u0085' && r != '\u2028' && r != '\u2029' &&
		(unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF')
}

// spaceName names the space r for a message.
func spaceName(r rune) string {
	switch r {
	case '\u00A0', '\u202F':
		return "a non-breaking space"
	case '\u200B':
		return "a zero-width space"
	case '\uFEFF':
		return "a zero-width no-break space"
	case '\u3000':
		return "an ideographic space"
	}
	return "a Unicode space"
}

// maxNodes bounds the nodes one Blueprint may expand to, so that a document
// built from nested aliases (a "billion laughs") is rejected instead of eating
// memory.
const maxNodes = 100000

// parseDocument parses exactly one YAML document and returns its root node, or
// nil for an empty document. A large one is parsed in pieces side by side
// where it can be (parseSplit).
func parseDocument(data []byte) (*yaml.Node, error) {
	root, ok := parseSplit(data)
	if !ok {
		var err error
		if root, err = parseWhole(data); err != nil || root == nil {
			return nil, err
		}
	}
	expandMerges(root)
	return root, nil
}

// secondDocument is the error for a document after the Blueprint's (a
// --- line, as Kubernetes manifests put several in one file).
const secondDocument = "a Blueprint is one YAML document, and this line starts a second"

// parseWhole parses exactly one YAML document on one goroutine.
func parseWhole(data []byte) (*yaml.Node, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("yaml: line %d: %s", extra.Line, secondDocument)
	} else if !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return doc.Content[0], nil
}

var (
	yamlLine    = lazyre.New(`line (\d+)`)
	wholeDigits = lazyre.New(`^[-+]?[0-9][0-9_]*$`)
	// portRange is a range of ports as security groups and Compose write
	// them (1024-2000, 8000:8010 is a mapping, not a range).
	portRange = lazyre.New(`^[0-9]+ *- *[0-9]+$`)
)

// bracedInFlow finds, in a line that holds a flow mapping or list, the
// first unquoted value that has braces after its first character: an API
// path such as /orders/{id}, which YAML reads as the start of a mapping
// inside { } or [ ], where it must be quoted. It returns the value as
// meant (its braces balanced) and its column.
func bracedInFlow(line string) (value string, col int, ok bool) {
	depth := 0 // of the line's flow collections
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"' || c == '\'':
			// Skip a quoted value.
			if j := closingQuote(line[i+1:], c); j >= 0 {
				i += j + 1
			}
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case depth > 0 && strings.IndexByte(" \t,:", c) < 0 && strings.IndexByte(" \t,{[", line[i-1]) >= 0:
			// A plain value or key starts here: read it to the , or closing
			// bracket outside its own braces.
			end, braces := i, 0
			for ; end < len(line); end++ {
				b := line[end]
				if braces == 0 && (b == ',' || b == '}' || b == ']' || b == ':' && end+1 < len(line) && line[end+1] == ' ') {
					break
				}
				switch b {
				case '{':
					braces++
				case '}':
					braces--
				}
			}
			// YAML's white space is spaces and tabs; the value starts with
			// neither, so it is never empty.
			if v := strings.TrimRight(line[i:end], " \t"); strings.Contains(v[1:], "{") && braces == 0 {
				return v, i + 1, true
			}
			i = end - 1
		}
	}
	return "", 0, false
}

// syntaxProblem words a YAML syntax error at the line it is on. yaml.v3
// reports some errors at the line before the culprit (a tab in an
// indentation) or at the block the culprit breaks (a line indented like no
// field above it is reported at "services:"); the culprit is the first line
// whose addition makes the document fail the same way, looked for in the
// lines after the one reported. Tabs and indentation get their own words.
func syntaxProblem(data []byte, err error) (position, string, string) {
	at := syntaxPosition(err)
	msg := yamlLinePrefix.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "")
	lines := strings.Split(string(data), "\n")
	if line := culprit(lines, at.line, msg); line > 0 {
		at.line = line
	}
	text := ""
	if at.line <= len(lines) {
		text = lines[at.line-1]
	}
	indent := len(text) - len(strings.TrimLeft(text, " \t"))
	switch {
	case msg == secondDocument:
		return at, "is not valid YAML: " + msg, "remove the second document, or put each Blueprint in a file of its own"
	case strings.Contains(text[:indent], "\t") || strings.Contains(msg, "tab") || strings.Contains(msg, "cannot start any token") && strings.Contains(text, "\t"):
		if i := strings.IndexByte(text, '\t'); i >= 0 {
			at.col = i + 1
		}
		return at, "is not valid YAML: a tab character; YAML indents with spaces only", "replace the tab with spaces"
	case strings.Contains(msg, "unexpected end of stream"):
		if line, col, ok := unclosedQuote(lines); ok {
			return position{line: line, col: col}, "is not valid YAML: the quote here opens a value that nothing closes (" + msg + ")",
				"end the value with the same quote, on the same line"
		}
	}
	if line, col, key, value, ok := keyWithoutSpace(lines, at.line); ok {
		return position{line: line, col: col}, fmt.Sprintf("is not valid YAML: %s:%s is read as one text, not a field: a key's colon needs a space after it (%s)", key, value, msg),
			fmt.Sprintf("write %s: %s", key, value)
	}
	if col, key, item, ok := itemAfterKey(text); ok && strings.Contains(msg, "block sequence entries are not allowed") {
		return position{line: at.line, col: col}, fmt.Sprintf("is not valid YAML: a list item on the line of its key %s (%s)", key, msg),
			fmt.Sprintf("write the list on the key's line, %s: [%s], or each item on a line of its own below the key, - %s, indented under it", key, item, item)
	}
	if col, c, value, ok := reservedStart(text); ok && strings.Contains(msg, "cannot start any token") {
		fix := "write the value in quotes"
		if value != "" {
			fix += ": " + strconv.Quote(value)
		}
		return position{line: at.line, col: col}, fmt.Sprintf("is not valid YAML: a value cannot start with %c, which YAML keeps for itself (%s)", c, msg), fix
	}
	if col, key, value, ok := colonInValue(text); ok && strings.Contains(msg, "mapping values are not allowed") {
		return position{line: at.line, col: col}, fmt.Sprintf("is not valid YAML: the value of %s has a colon and a space in it, which YAML reads as a second key on the line (%s)", key, msg),
			fmt.Sprintf("write the value in quotes: %s: %s", key, strconv.Quote(value))
	}
	if col, value, ok := questionInFlow(text); ok {
		return position{line: at.line, col: col}, fmt.Sprintf("is not valid YAML: inside { } or [ ], YAML reads a ? and a space as the start of a key, not as part of the value (%s)", msg),
			"write the value in quotes: " + strconv.Quote(value)
	}
	if line, col, open, ok := unclosedFlow(lines, at.line); ok && strings.Contains(msg, "did not find expected ','") {
		kind, closing := "mapping", "}"
		if open == '[' {
			kind, closing = "list", "]"
		}
		return position{line: line, col: col}, fmt.Sprintf("is not valid YAML: the %c here opens a %s that nothing closes on its line (%s)", open, kind, msg),
			"end it with " + closing + " on the same line"
	}
	if col, rest, ok := textAfterFlow(text); ok {
		return position{line: at.line, col: col}, fmt.Sprintf("is not valid YAML: %s follows the bracket that closes the value on this line (%s)", strconv.Quote(rest), msg),
			"remove it, or move it inside the brackets"
	}
	switch {
	case indentationError(msg):
		at.col = indent + 1
		return at, fmt.Sprintf("is not valid YAML: this line is indented with %d spaces, like no field or list item above it (%s)", indent, msg),
			"indent it like the other fields of the mapping or items of the list it belongs to"
	case strings.ContainsAny(text, "{["):
		if value, col, ok := bracedInFlow(text); ok {
			at.col = col
			return at, "is not valid YAML: " + msg + "; inside { } or [ ], a value with braces must be quoted",
				"write it in quotes: " + strconv.Quote(value)
		}
	}
	return at, "is not valid YAML: " + msg, "fix the YAML syntax at that line"
}

// flowQuestion is a ? that YAML reads as a key's indicator inside { } or
// [ ]: after a blank, before a blank, a bracket or the line's end.
var flowQuestion = lazyre.New(`[ ,]\?( |\)|$)`)

// questionInFlow finds, on a line with { } or [ ], a plain value with a
// ? in it between blanks, as a schedule's cron(0 3 * * ? *) has: its
// column and the value, to the parenthesis that closes what it opens, or
// to the next , } or ].
func questionInFlow(line string) (col int, value string, ok bool) {
	loc := flowQuestion.FindStringIndex(line)
	if loc == nil || !strings.ContainsAny(line[:loc[0]], "{[") {
		return 0, "", false
	}
	// The value starts after its key's colon, or after the bracket or
	// comma before it, whichever is last.
	start := max(strings.LastIndex(line[:loc[0]], ": ")+2, strings.LastIndexAny(line[:loc[0]], "{[,")+1)
	for start < len(line) && line[start] == ' ' {
		start++
	}
	if start > loc[0] || !strings.ContainsAny(line[:start], "{[") {
		return 0, "", false // the value starts with the ?: YAML's own key
	}
	end := len(line)
	if open := strings.IndexByte(line[start:loc[0]], '('); open >= 0 {
		if close := strings.IndexByte(line[loc[0]:], ')'); close >= 0 {
			end = loc[0] + close + 1
		}
	} else if stop := strings.IndexAny(line[loc[0]+1:], ",}]"); stop >= 0 {
		end = loc[0] + 1 + stop
	}
	value = strings.TrimRight(line[start:end], " ")
	if value == "" || strings.IndexByte("\"'", value[0]) >= 0 {
		return 0, "", false
	}
	return start + 1, value, true
}

// itemContent is what a line holds after its indentation and the dashes
// of the list items it starts (- - name: web is name: web).
func itemContent(line string) string {
	content := strings.TrimLeft(line, " ")
	for strings.HasPrefix(content, "- ") {
		content = strings.TrimLeft(content[2:], " ")
	}
	return content
}

// plainField splits a line key: value (a field, or one in a list item)
// whose key is a plain name: the key, the value as written after the
// colon's space (comment and trailing blanks included) and its column.
func plainField(line string) (key, value string, col int, ok bool) {
	key, value, found := strings.Cut(itemContent(line), ": ")
	if !found || !isPlainKey(key) {
		return "", "", 0, false
	}
	value = strings.TrimLeft(value, " ")
	return key, value, len(line) - len(value) + 1, true
}

// withoutComment is a plain value as meant: without a comment after it
// and the blanks before that.
func withoutComment(value string) string {
	if i := strings.Index(value, " #"); i >= 0 {
		value = value[:i]
	}
	return strings.TrimRight(value, " \t\r")
}

// colonInValue finds, in a line key: value (a field, or one in a list
// item), a plain value that holds a colon and a space (description: shop:
// the store), which YAML reads as a second key where no mapping may start:
// the value's column, the key and the value.
func colonInValue(line string) (col int, key, value string, ok bool) {
	key, value, col, ok = plainField(line)
	value = withoutComment(value)
	if !ok || value == "" || strings.IndexByte("{[\"'|>&*!#", value[0]) >= 0 || !strings.Contains(value, ": ") {
		return 0, "", "", false
	}
	return col, key, value, true
}

// itemAfterKey finds, in a line key: - item, a list item written on its
// key's line, which YAML does not allow: the dash's column, the key and
// the item.
func itemAfterKey(line string) (col int, key, item string, ok bool) {
	key, value, col, ok := plainField(line)
	if !ok || !strings.HasPrefix(value, "- ") {
		return 0, "", "", false
	}
	item = strings.TrimRight(strings.TrimLeft(value[2:], " "), " \t\r")
	if item == "" {
		item = "..."
	}
	return col, key, item, true
}

// reservedStart finds, in a line key: value, a plain value that starts
// with @ or `, which YAML reserves and cannot start a value with: the
// character's column, the character and the value as meant ("" when it
// is inside { } or [ ], where it ends before a comma or bracket).
func reservedStart(line string) (col int, c byte, value string, ok bool) {
	if _, value, col, ok := plainField(line); ok && value != "" && (value[0] == '@' || value[0] == '`') {
		return col, value[0], withoutComment(value), true
	}
	for i := 0; i < len(line); i++ {
		if (line[i] == '@' || line[i] == '`') && (i == 0 || strings.IndexByte(" [{,", line[i-1]) >= 0) {
			return i + 1, line[i], "", true
		}
	}
	return 0, 0, "", false
}

// unclosedFlow finds, on the line reported or the last line with content
// above it, a { or [ that the line does not close: a flow mapping or list
// left open (image: {uri: "nginx:1.27"), which YAML reports at the line
// after it. It returns the line, the bracket's column and the bracket.
func unclosedFlow(lines []string, reported int) (line, col int, open byte, ok bool) {
	read := 0
	for n := min(reported, len(lines)); n >= 1 && read < 2; n-- {
		text := lines[n-1]
		if content := strings.TrimSpace(text); content == "" || content[0] == '#' {
			continue
		}
		read++
		var stack []int // columns of the brackets open
		for i := 0; i < len(text); i++ {
			switch c := text[i]; c {
			case '"', '\'':
				j := closingQuote(text[i+1:], c)
				if j < 0 {
					return 0, 0, 0, false // an unclosed quote is another mistake
				}
				i += j + 1
			case '#':
				if i == 0 || text[i-1] == ' ' {
					i = len(text) // a comment
				}
			case '{', '[':
				stack = append(stack, i)
			case '}', ']':
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			}
		}
		if len(stack) > 0 {
			return n, stack[0] + 1, text[stack[0]], true
		}
	}
	return 0, 0, 0, false
}

// textAfterFlow finds, in a line whose value is a { } or [ ] written on it
// (- {path: /, method: GET}), text after the bracket that closes it, which
// YAML cannot read: the text and its column. A comment is not such text.
func textAfterFlow(line string) (col int, rest string, ok bool) {
	content := itemContent(line)
	start := len(line) - len(content)
	if content == "" || content[0] != '{' && content[0] != '[' {
		// A key's value: after "key: ", a plain key only.
		_, value, col, ok := plainField(line)
		if !ok || value == "" || value[0] != '{' && value[0] != '[' {
			return 0, "", false
		}
		start = col - 1
	}
	depth := 0
	for i := start; i < len(line); i++ {
		switch c := line[i]; c {
		case '"', '\'':
			if j := closingQuote(line[i+1:], c); j >= 0 {
				i += j + 1
			} else {
				return 0, "", false
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				// The column is the rest's first character: the blanks
				// skipped are the ones trimmed (a carriage return among
				// them, in a file with Windows line ends).
				after := line[i+1:]
				lead := len(after) - len(strings.TrimLeft(after, " \t\r"))
				rest := strings.TrimRight(after[lead:], " \t\r")
				if rest == "" || rest[0] == '#' {
					return 0, "", false
				}
				return i + 2 + lead, rest, true
			}
		}
	}
	return 0, "", false
}

// plainKeyPattern is a field name as Blueprints write it, unquoted.
const plainKeyPattern = `[A-Za-z_][A-Za-z0-9_-]*`

var plainKey = lazyre.New(`^` + plainKeyPattern + `$`)

// isPlainKey reports whether key is a field name as Blueprints write them.
func isPlainKey(key string) bool { return plainKey.MatchString(key) }

// keyWithoutSpace finds, on the culprit line or the last line with content
// above it, a key written with no space after its colon (name:shop). YAML
// reads that as one plain text, and fails where the text breaks the
// mapping around it: at the next field, or at the text itself. It returns
// the line, the column after the colon, the key and the value.
func keyWithoutSpace(lines []string, culprit int) (line, col int, key, value string, ok bool) {
	read := 0 // lines with content, of the two looked at
	for n := min(culprit, len(lines)); n >= 1 && read < 2; n-- {
		text := lines[n-1]
		if content := strings.TrimSpace(text); content == "" || content[0] == '#' {
			continue // a blank line or a comment
		}
		read++
		if m := noSpaceKey.FindStringSubmatch(text); m != nil && m[2] != "arn" {
			return n, len(m[1]) + len(m[2]) + 2, m[2], m[3], true
		}
	}
	return 0, 0, "", "", false
}

// noSpaceKey is a line that starts with a key whose colon has no space
// after it, and the value after it (a comment aside). A URL's scheme
// (https://) and an ARN (arn:aws:..., a key of its own) are not such keys.
var noSpaceKey = lazyre.New(`^( *)(` + plainKeyPattern + `):([^\s:/#][^#]*?)[ \t\r]*(?:#.*)?$`)

// unclosedQuote finds the first quoted value that its line does not close:
// YAML goes on reading the value on the lines below, to the end of the
// document. It returns the quote's line and column.
func unclosedQuote(lines []string) (line, col int, ok bool) {
	for n, text := range lines {
		for i := 0; i < len(text); i++ {
			c := text[i]
			if c == '#' && (i == 0 || text[i-1] == ' ') {
				break // a comment
			}
			if c != '"' && c != '\'' || i > 0 && strings.IndexByte(" \t[{,:-", text[i-1]) < 0 {
				continue
			}
			end := closingQuote(text[i+1:], c)
			if end < 0 {
				return n + 1, i + 1, true
			}
			i += end + 1
		}
	}
	return 0, 0, false
}

// closingQuote is the index in s of the quote q that closes a value s
// follows the opening of, or -1: a double-quoted value escapes with \, a
// single-quoted one doubles the quote.
func closingQuote(s string, q byte) int {
	for i := 0; i < len(s); i++ {
		switch {
		case q == '"' && s[i] == '\\':
			i++
		case s[i] == q && q == '\'' && i+1 < len(s) && s[i+1] == '\'':
			i++
		case s[i] == q:
			return i
		}
	}
	return -1
}

// yamlLinePrefix is the "line N: " a yaml.v3 message starts with.
var yamlLinePrefix = lazyre.New(`^line \d+: `)

// indentationError reports whether a yaml.v3 message says a line's
// indentation fits nothing around it.
func indentationError(msg string) bool {
	for _, m := range []string{"did not find expected key", "did not find expected '-' indicator", "mapping values are not allowed in this context", "block sequence entries are not allowed in this context", "did not find expected <document start>"} {
		if strings.Contains(msg, m) {
			return true
		}
	}
	return false
}

// culprit is the first line, from the one reported on, whose addition
// makes the document fail with the same message; 0 when the document as a
// whole does not. yaml.v3 reports an error inside a block at the block's
// first line, which may be hundreds of lines above the culprit (a route
// list's), so every line below it is a candidate. They are searched by
// halves: a prefix without the culprit parses (or fails otherwise), one
// with it fails as the document does, so a few parses find it in a
// document of any length (trying the 50 lines below the reported one took
// 150 ms in a 731-line Blueprint, and missed a culprit further down).
func culprit(lines []string, reported int, msg string) int {
	fails := func(k int) bool {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(strings.Join(lines[:k], "\n")), &n)
		return err != nil && yamlLinePrefix.ReplaceAllString(strings.TrimPrefix(err.Error(), "yaml: "), "") == msg
	}
	lo, hi := max(reported, 1), len(lines)
	if lo > hi || !fails(hi) {
		return 0
	}
	for lo < hi {
		if mid := lo + (hi-lo)/2; fails(mid) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// syntaxPosition extracts the line from a yaml.v3 error message.
func syntaxPosition(err error) position {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		if line > 0 {
			return position{line: line, col: 1}
		}
	}
	return position{line: 1, col: 1}
}

// decoder walks a YAML node tree against the Blueprint's Go types. yaml.v3's own
// decoder stops reporting unknown keys at the first custom unmarshaler and does
// not give field paths; walking the tree ourselves gives both, at every depth.
type decoder struct {
	src      *source
	problems Problems
	budget   int
	// inPiece is set for a decoder of a piece of a list decoded side by
	// side, which decodes its own lists item by item.
	inPiece bool
	// mapping is the mapping whose fields are being decoded: the fix for a
	// field's value may read the fields beside it.
	mapping *yaml.Node
}

func (d *decoder) fail(at position, path, msg, fix string) {
	d.problems = append(d.problems, Problem{File: d.src.file, Line: at.line, Column: at.col, Path: path, Message: msg, Fix: fix})
}

// failType reports a value of the wrong kind and marks the path bad. fix
// says how to write the value, often with the user's own (see mappingFix);
// "" says only what to write.
func (d *decoder) failType(n *yaml.Node, path, want, fix string) {
	d.src.bad[path] = true
	if fix == "" {
		fix = "write " + want
	}
	d.fail(nodePos(n), path, fmt.Sprintf("must be %s, not %s", want, describeNode(n)), fix)
}

func nodePos(n *yaml.Node) position { return position{line: n.Line, col: n.Column} }

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if d.budget--; d.budget < 0 {
		if d.budget == -1 {
			d.fail(nodePos(n), path, "the document expands to too many nodes (nested aliases?)", "write the Blueprint without deeply nested anchors and aliases")
		}
		return
	}
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if _, seen := d.src.pos[path]; !seen {
		d.src.pos[path] = nodePos(n)
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an explicit null leaves the field unset
	}
	if localTag(n) && v.Kind() != reflect.Interface {
		d.src.bad[path] = true
		problem, fix := tagProblem(n, path, v.Kind() == reflect.String)
		d.fail(nodePos(n), path, problem, fix)
		return
	}
	if inner, ok := typographicQuoted(n); ok {
		d.src.bad[path] = true
		open, _ := utf8.DecodeRuneInString(n.Value)
		closing, _ := utf8.DecodeLastRuneInString(n.Value)
		d.fail(nodePos(n), path, fmt.Sprintf("is written in typographic quotes (%c %c), which YAML reads as part of the text, not as quotes", open, closing),
			fmt.Sprintf("write %s, in straight quotes; to keep the typographic quotes, put the whole value in straight quotes", strconv.Quote(inner)))
		return
	}
	if v.Type() == overlayType {
		// Kept as YAML: merged into the base before decoding (Environment).
		if n.Kind != yaml.MappingNode {
			d.failType(n, path, "a mapping of fields", "")
			return
		}
		v.Set(reflect.ValueOf(Overlay{Node: n}))
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		d.decode(n, elem.Elem(), path)
		v.Set(elem)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	case reflect.Map:
		d.decodeMap(n, v, path)
	case reflect.Slice:
		d.decodeSlice(n, v, path)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.failType(n, path, "a string", stringFix(path, n))
			return
		}
		if problem, fix := textProblem(n.Value); problem != "" {
			d.src.bad[path] = true
			d.fail(nodePos(n), path, problem, fix)
			return
		}
		v.SetString(n.Value)
	case reflect.Int:
		var i int
		// A whole number past int64 is resolved as a float (or fails to
		// decode): say it is too large rather than not a number.
		if n.Kind == yaml.ScalarNode && (n.Tag == "!!int" && n.Decode(&i) != nil || n.Tag == "!!float" && wholeDigits.MatchString(n.Value)) {
			d.src.bad[path] = true
			d.fail(nodePos(n), path, fmt.Sprintf("%s is too large a number", n.Value), "write a number the field allows")
			return
		}
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			d.failType(n, path, "a whole number", numberFix(path, n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") || n.Decode(&f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			d.failType(n, path, "a number", percentFix(path, n))
			return
		}
		v.SetFloat(f)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
			fix := loginFix(path, n)
			if fix == "" {
				fix = boolFix(n)
			}
			d.failType(n, path, "true or false", fix)
			return
		}
		v.SetBool(b)
	case reflect.Interface:
		// A JSON value (an override's value): whatever YAML reads, with
		// CloudFormation's short forms as the functions they stand for.
		if t := tagged(n); t != nil {
			if strings.HasPrefix(path, "apiOverrides") {
				// The API's document is OpenAPI, deployed from its own file
				// where CloudFormation reads none of its functions.
				d.src.bad[path] = true
				d.fail(nodePos(t), path, t.Tag+" is CloudFormation's short form of a function, which the API's OpenAPI document does not read", "write the value itself; a change that needs CloudFormation's functions is an override of the template (overrides)")
				return
			}
			if bad := unknownTag(n); bad != nil {
				d.src.bad[path] = true
				d.fail(nodePos(bad), path, bad.Tag+" is not the short form of one of CloudFormation's functions", "write !Ref, !GetAtt, !Sub, !Join, !Select, !Split, !If or another of them, or the long form ({Fn::NAME: ...})")
				return
			}
			budget := 10000
			if n = longFormCopy(n, &budget); n == nil {
				d.src.bad[path] = true
				d.failType(t, path, "a JSON value", "write the value without nested aliases")
				return
			}
		}
		var x any
		if err := n.Decode(&x); err != nil {
			d.failType(n, path, "a JSON value", "")
			return
		}
		if x != nil {
			v.Set(reflect.ValueOf(x))
		}
	default:
		panic("blueprint: no decoder for " + v.Type().String())
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	fields := yamlFields(v.Type())
	if n.Kind != yaml.MappingNode {
		if v.Type() == secretRefType && n.Kind == yaml.ScalarNode {
			d.failSecretText(n, path)
			return
		}
		fix := namedEntryFix(path, n, v.Type(), fields)
		if fix == "" {
			fix = mappingFix(v.Type(), n, fields, d.mapping)
		}
		d.failType(n, path, "a mapping of fields", fix)
		return
	}
	outer := d.mapping
	d.mapping = n
	defer func() { d.mapping = outer }()
	var flat []flatField // a service's fields at the top, reported once services is known absent
	hasServices := false
	d.eachKey(n, path, func(key string, value *yaml.Node, keyNode *yaml.Node) {
		if extensionKey(path, key) {
			return // x-...: a holder for anchors, ignored
		}
		field, ok := fields[key]
		hasServices = hasServices || path == "" && key == "services"
		if !ok && path == "" && v.Type() == blueprintType && serviceField(key, value) {
			flat = append(flat, flatField{key, value, keyNode})
			return
		}
		if !ok {
			d.unknownField(n, v, path, key, value, keyNode, fields)
			return
		}
		at := joinPath(path, key)
		d.remember(at, keyNode, value)
		d.decode(value, v.Field(field), at)
	})
	switch {
	case len(flat) == 0:
	case hasServices:
		for _, f := range flat {
			d.unknownField(n, v, path, f.key, f.value, f.keyNode, fields)
		}
	default:
		d.fail(nodePos(flat[0].keyNode), "services", "is required; "+flatProblem(flat), flatServiceFix(n, flat))
		d.src.bad["services"] = true
	}
}

// unknownField reports key, no field of the mapping n of v's type, with
// the fix for what it was meant as, and reads its value as that field when
// it was meant as one.
func (d *decoder) unknownField(n *yaml.Node, v reflect.Value, path, key string, value, keyNode *yaml.Node, fields map[string]int) {
	at := joinPath(path, key)
	fix, meant := meantField(v.Type(), n, key, value, fields)
	d.fail(nodePos(keyNode), at, "unknown field "+quote(key), fix)
	if up, ok := strings.CutPrefix(meant, "../"); ok {
		// A field of the mapping this one is in (a container's port
		// written in its image).
		d.src.bad[joinPath(parentPath(path), up)] = true
	} else if meant != "" && yamlout.Value(n, meant) == nil {
		// The value is there under another key: that the field meant
		// is missing (required, say) would only repeat this problem.
		d.src.bad[joinPath(path, meant)] = true
		if f, ok := fields[meant]; ok {
			d.decodeAsMeant(value, v.Field(f), joinPath(path, meant))
		}
	}
}

// meantField is what a key that is no field of the mapping n (of struct
// type t) was meant as: the fix to write, and the field meant ("" for none,
// ../field for one of the mapping n is in). The decoder reports the key
// with the fix and reads its value as the field meant; the environments'
// overlays match an entry's misspelt naming field by it.
func meantField(t reflect.Type, n *yaml.Node, key string, value *yaml.Node, fields map[string]int) (fix, meant string) {
	fix, meant = otherNameFix(t, key, value)
	if fix == "" && within(key, slices.Collect(maps.Keys(fields)), 1) == "" {
		// A field one level down, unless the key is one slip from a field
		// here (stack for stacks, path for paths).
		fix, meant = childFieldFix(t, n, key, value)
	}
	if fix == "" {
		fix, meant = suggestField(key, fields)
		fix += singularFix(t, meant, value)
	}
	return fix, meant
}

// decodeAsMeant reads a value written under a misspelt or another tool's
// name into the field it was meant for, when it reads without a problem:
// what depends on the field (the section a service asks for, the
// certificate a login needs) then finds it, where its absence would only
// repeat the name's problem elsewhere. Its own problems, if any, wait until
// it is written under its name: nothing is read, and nothing is reported.
func (d *decoder) decodeAsMeant(n *yaml.Node, field reflect.Value, path string) {
	said := len(d.problems)
	scratch := reflect.New(field.Type()).Elem()
	d.decode(n, scratch, path)
	if len(d.problems) == said {
		field.Set(scratch)
	}
	d.problems = d.problems[:said]
}

func (d *decoder) decodeMap(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		fix := pairsFix(n, strings.HasSuffix(path, ".environment"))
		if fix == "" {
			fix = namedMappingFix(n)
		}
		d.failType(n, path, "a mapping of names to values", fix)
		return
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(v.Type()))
	}
	d.eachKey(n, path, func(key string, value *yaml.Node, keyNode *yaml.Node) {
		elem := reflect.New(v.Type().Elem()).Elem()
		at := joinPath(path, key)
		d.remember(at, keyNode, value)
		if value.Kind == yaml.ScalarNode && value.Tag == "!!null" {
			d.src.nulls[at] = true
		}
		d.decode(value, elem, at)
		v.SetMapIndex(reflect.ValueOf(key), elem)
	})
}

// eachKey calls fn for each key of a mapping node, reporting non-scalar and
// duplicate keys (which yaml.v3 accepts silently when decoding into a Node).
func (d *decoder) eachKey(n *yaml.Node, path string, fn func(key string, value, keyNode *yaml.Node)) {
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, value := n.Content[i], n.Content[i+1]
		for k.Kind == yaml.AliasNode {
			k = k.Alias
		}
		if k.Kind != yaml.ScalarNode {
			d.fail(nodePos(k), path, "keys must be plain names, not "+describeNode(k), "write the key as a plain string")
			continue
		}
		if isMergeKey(k) {
			// What expandMerges left: a merge of something not a mapping.
			d.fail(nodePos(k), path, "a merge key (<<) takes a mapping or a list of mappings, usually an alias such as *defaults", "point it at an anchored mapping (&defaults)")
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d.fail(nodePos(k), joinPath(path, k.Value), fmt.Sprintf("duplicate key %s (first written on line %d)", quote(k.Value), first), "keep one of them")
			continue
		}
		seen[k.Value] = k.Line
		fn(k.Value, value, k)
	}
}

// remember records where a field is reported: at its value when the value
// starts on the key's line (name: web, cidr: [...]), else at its key, because
// a block mapping or list below "certificate:" is best pointed at by its key.
func (d *decoder) remember(path string, key, value *yaml.Node) {
	if value.Line == key.Line {
		d.src.pos[path] = nodePos(value)
	} else {
		d.src.pos[path] = nodePos(key)
	}
}

func (d *decoder) decodeSlice(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.SequenceNode {
		d.failType(n, path, "a list", listFix(path, v.Type().Elem(), n))
		return
	}
	s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	if !d.decodeItemsSideBySide(n, s, path) {
		for i, item := range n.Content {
			d.decode(item, s.Index(i), indexPath(path, i))
		}
	}
	v.Set(s)
}

// yamlFields maps YAML names to struct field indexes (writableFields), worked out once per
// type (reading a large Blueprint asked for each service's and route's):
// the map is shared, for reading only.
func yamlFields(t reflect.Type) map[string]int {
	if cached, ok := fieldsByType.Load(t); ok {
		return cached.(map[string]int)
	}
	fields := fieldsOf(t)
	fieldsByType.Store(t, fields)
	return fields
}

var fieldsByType sync.Map // reflect.Type -> map[string]int

func fieldsOf(t reflect.Type) map[string]int {
	fields := map[string]int{}
	for i, name := range writableFields(t) {
		fields[name] = i
	}
	return fields
}

// suggestField proposes the known field meant, and returns it: a typo of
// one (helathCheck), or one with a prefix naming what it belongs to (vpcId
// for id, in network.existing). Else it lists them all.
func suggestField(key string, fields map[string]int) (fix, meant string) {
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	if meant = Closest(key, names); meant == "" {
		meant = prefixed(camelName(key), names) // desired_count, as desiredCount
	}
	if meant != "" {
		return meantText(meant), meant
	}
	return "remove it; known fields here: " + strings.Join(names, ", "), ""
}

// singularFix completes the fix of a key one slip from meant, a list of
// strings, when the value is one text (path: / for paths): the list of
// one to write, so that the renamed field is not refused next for not
// being a list.
func singularFix(t reflect.Type, meant string, value *yaml.Node) string {
	text, ok := scalarText(value)
	if meant == "" || !ok || !isList(t, meant) {
		return ""
	}
	return " write " + meant + ": [" + text + "]"
}

// prefixed returns the longest name that key ends with at a camelCase word
// boundary (vpcId ends with id, clusterName with name), or "".
func prefixed(key string, names []string) string {
	best := ""
	for _, name := range names {
		rest, ok := strings.CutSuffix(strings.ToLower(key), strings.ToLower(name))
		if !ok || rest == "" || len(name) <= len(best) {
			continue
		}
		if isUpper(key[len(rest)]) && isLower(name[0]) {
			best = name
		}
	}
	return best
}

// Closest returns the name in names nearest to word, ignoring case, if it
// is at most two edits away (a typo), else "". Of names equally near, the
// first wins.
func Closest(word string, names []string) string { return within(word, names, 2) }

// within returns the name in names nearest to word, ignoring case, at most
// edits away, else "". A name that keeps none of word's letters (x for a,
// where every letter is replaced) is no guess: a word of one or two
// letters is near too many names.
func within(word string, names []string, edits int) string {
	if len(word) < 5 {
		// Two edits of a word of four letters leave half of it: envs is
		// as near dns as it is anything.
		edits = min(edits, 1)
	}
	best, bestDist := "", min(edits, len(word)-1)+1
	for _, name := range names {
		if dist := editDistance(strings.ToLower(word), strings.ToLower(name)); dist < bestDist {
			best, bestDist = name, dist
		}
	}
	return best
}

// DidYouMean is the hint for word, a typo of one of names: did you mean
// "name"?, or "" when no name is near enough (see Closest). Every such hint
// gen gives is worded here.
func DidYouMean(word string, names []string) string { return meantText(Closest(word, names)) }

// meantText is the hint naming meant, or "" for no name.
func meantText(meant string) string {
	if meant == "" {
		return ""
	}
	return "did you mean " + quote(meant) + "?"
}

// mappingFix is the fix for a value that is not a mapping where fields are
// expected. It names the fields, as a newcomer who wrote a scalar or a list
// there does not know them yet. The shapes other tools give these fields
// get the mapping itself: an image as a reference (image: nginx:1.27, as in
// Compose files and Copilot manifests), a secret as its ARN or name, a
// target health check as its path, a traffic step as its share (canary:
// 10%), and true for a part that is on with its defaults (nlb: true where
// the Blueprint writes nlb: {}).
func mappingFix(t reflect.Type, n *yaml.Node, fields map[string]int, siblings *yaml.Node) string {
	names := slices.Sorted(maps.Keys(fields))
	list := strings.Join(names, ", ")
	text := n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Value != ""
	switch {
	case t == imageType && text:
		return fmt.Sprintf("write {uri: %s} for an image in a registry, or {repository: NAME, tag: TAG} for one in an ECR repository the template creates", quote(n.Value))
	case t == secretRefType && text:
		if fix, ok := referenceFix(n.Value); ok {
			return fix
		}
		return fmt.Sprintf("write {secret: %s} for a Secrets Manager secret, or {parameter: %s} for an SSM parameter", quote(n.Value), quote(n.Value))
	case t == vpcType && text && strings.HasPrefix(n.Value, "vpc-"):
		return existingVPCFix("vpc", n)
	case t == certificateType && text && strings.HasPrefix(n.Value, "arn:"):
		return "write {arn: " + flowText(n.Value) + "}"
	case t == certificateType && text:
		return "write {domain: " + flowText(n.Value) + "} for a certificate the template requests (validated through dns.zone), or {arn: ARN} for one you have"
	case t == routeAuthType && text:
		return routeAuthFix(n.Value)
	case t == userPoolDomainType && text:
		return userPoolDomainFix(n.Value)
	case t == trafficStepType && trafficShare(n) != "":
		// canary: 10% or 10 (a share alone, as a console or Argo Rollouts'
		// setWeight gives it).
		return "write {percent: " + trafficShare(n) + "}, the share of traffic the step moves, with minutes: for the wait after it (10 for a canary, 6 for each linear step, by default)"
	case t == targetHealthCheckType && text && strings.HasPrefix(n.Value, "/"):
		return "write {path: " + flowText(n.Value) + "}"
	case t == healthCheckType:
		if fix := healthCheckFix(n, portIn(siblings)); fix != "" {
			return fix
		}
	case t == scheduleType && n.Kind == yaml.ScalarNode && n.Tag == "!!bool":
		return "remove it: without schedule the service runs its tasks all the time (paused: true keeps a schedule and starts none)"
	case t == scheduleType && n.Kind == yaml.ScalarNode:
		expr := cmp.Or(ScheduleOf(n.Value), "cron(0 3 * * ? *)")
		return "write {expression: " + strconv.Quote(expr) + "}, with timezone: for cron in another time zone than UTC"
	case t == spotType && n.Kind == yaml.ScalarNode && n.Tag == "!!bool" && !strings.EqualFold(n.Value, "true"):
		return "remove it: without spot every task runs on regular Fargate (in an environment's overlay, spot: null takes the base's spot away)"
	case t == spotType && n.Kind == yaml.ScalarNode:
		// spot: 2, as Copilot's count.spot gives the tasks on Spot.
		return "write {} to run every task on Fargate Spot (count or autoscaling says how many), or {onDemand: N} to keep the first N on regular Fargate"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!bool" && strings.EqualFold(n.Value, "true"):
		return "write {} to take its defaults, or a mapping of its fields: " + list
	}
	return "write a mapping of its fields: " + list
}

// authKinds are what a route's auth written as one text may mean: its
// kind of authorizer as API Gateway, SAM or the Serverless Framework name
// it, or the name of the pool.
const (
	authOpen    = "open"    // NONE: no auth
	authIAM     = "iam"     // AWS_IAM: SigV4, which ecsgate does not write
	authCognito = "cognito" // COGNITO_USER_POOLS, JWT, OAuth: a pool's tokens
	authPool    = "pool"    // a name: the pool's, most likely
)

// authKind says which of authKinds value is, "" for none.
func authKind(value string) string {
	switch kind := strings.ToLower(value); {
	case kind == "none" || kind == "public" || kind == "open":
		return authOpen
	case kind == "iam" || kind == "aws_iam" || kind == "sigv4":
		return authIAM
	case strings.Contains(kind, "cognito") || kind == "jwt" || strings.HasPrefix(kind, "oauth"):
		return authCognito
	case isName(value):
		return authPool
	}
	return ""
}

// routeAuthFix is the fix for a route's auth written as one text.
func routeAuthFix(value string) string {
	switch authKind(value) {
	case authOpen:
		return "remove auth: a route without auth is open to every caller"
	case authIAM:
		return "a route's auth is a Cognito user pool's token check, and ecsgate writes no IAM authorization: write {userPool: NAME}, naming an entry of userPools"
	case authPool:
		return fmt.Sprintf("write {userPool: %s}, naming the entry of userPools, or {userPool: %s, scopes: [...]} to require an access token's scope", value, value)
	}
	return "write {userPool: NAME}, naming an entry of userPools, or {userPool: NAME, scopes: [...]} to require an access token's scope"
}

// userPoolDomainFix is the fix for a user pool's domain written as one
// text: a prefix on amazoncognito.com, or a custom domain's name, which
// takes a certificate.
func userPoolDomainFix(value string) string {
	if prefix, _, ok := strings.Cut(value, ".auth."); ok && strings.HasSuffix(value, ".amazoncognito.com") {
		return fmt.Sprintf("write {prefix: %s}, the prefix of the domain on amazoncognito.com", flowText(prefix))
	}
	if strings.Contains(value, ".") {
		return fmt.Sprintf("write {name: %s, certificate: ARN} for a custom domain, with an ACM certificate in us-east-1 that covers it, or {prefix: PREFIX} for one on amazoncognito.com", flowText(value))
	}
	if !cognitoPrefix.MatchString(value) || slices.ContainsFunc(cognitoReserved, func(w string) bool { return strings.Contains(value, w) }) {
		// Not a prefix Cognito takes: writing it as one would only
		// move the problem to the prefix.
		return "write {prefix: PREFIX} for a domain on amazoncognito.com, or {name: DOMAIN, certificate: ARN} for a custom domain; a prefix is lowercase letters, digits and hyphens, without " +
			orList(cognitoReserved)
	}
	return fmt.Sprintf("write {prefix: %s} for a domain on amazoncognito.com, or {name: DOMAIN, certificate: ARN} for a custom domain", flowText(value))
}

// cognitoReserved are the words Cognito refuses in a domain prefix.
var cognitoReserved = []string{"aws", "amazon", "cognito"}

// namedEntryFix is the fix for an entry of a list of named entries written
// as its name alone (userPools: [users], or dependsOn: [db] as Compose
// writes it): the mapping that names it, and its other fields.
func namedEntryFix(path string, n *yaml.Node, t reflect.Type, fields map[string]int) string {
	naming := "name"
	if t == dependencyType {
		naming = "container" // a container of the same task, by its name
	}
	if _, named := fields[naming]; !named || !strings.HasSuffix(path, "]") || n.Kind != yaml.ScalarNode || n.Tag != "!!str" || !isName(n.Value) {
		return ""
	}
	var others []string
	for _, f := range slices.Sorted(maps.Keys(fields)) {
		if f != naming {
			others = append(others, f)
		}
	}
	return fmt.Sprintf("an entry is a mapping that names it: write {%s: %s}, with the entry's other fields beside %s (%s)", naming, n.Value, naming, strings.Join(others, ", "))
}

// pairsFix writes out, as a mapping, a list of NAME=VALUE texts, of
// one-entry mappings or of {Key, Value} or {name, value} mappings: how
// Compose files write environment variables and labels, CloudFormation a
// list of tags, and ECS task definitions and Kubernetes environment
// variables. In a container's environment (environment), Compose's name
// alone, which passes the shell's value, is written with VALUE.
func pairsFix(n *yaml.Node, environment bool) string {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return ""
	}
	pairs := make([]string, 0, len(n.Content))
	var bare []string // names without a value
	for _, item := range n.Content {
		var name, value string
		switch {
		case item.Kind == yaml.ScalarNode && strings.Contains(item.Value, "="):
			name, value, _ = strings.Cut(item.Value, "=")
		case environment && item.Kind == yaml.ScalarNode && item.Tag == "!!str" && envNamePattern.MatchString(item.Value):
			// Compose's name alone, which passes the shell's value.
			name, value = item.Value, "VALUE"
			bare = append(bare, item.Value)
		case item.Kind == yaml.MappingNode && len(item.Content) == 2 && item.Content[0].Kind == yaml.ScalarNode && item.Content[1].Kind == yaml.ScalarNode:
			name, value = item.Content[0].Value, item.Content[1].Value
		case isKeyValue(item):
			name, value = item.Content[1].Value, item.Content[3].Value
			if strings.EqualFold(item.Content[0].Value, "value") {
				name, value = value, name
			}
		default:
			return ""
		}
		if name == "" {
			return ""
		}
		pairs = append(pairs, flowText(name)+": "+flowText(value))
	}
	fix := "write the list as a mapping: {" + firstFew(pairs) + "}"
	if len(bare) > 0 {
		fix += "; Compose gives a name alone (" + bare[0] + ") the value of the shell it runs in, which a task does not have: write its value"
	}
	return fix
}

// isKeyValue reports whether n is a {Key: K, Value: V} mapping of scalars,
// as CloudFormation and the AWS CLI write a tag, or a {name: N, value: V}
// one, as an ECS task definition and Kubernetes write an environment
// variable.
func isKeyValue(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode || len(n.Content) != 4 {
		return false
	}
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			return false
		}
	}
	a, b := strings.ToLower(n.Content[0].Value), strings.ToLower(n.Content[2].Value)
	if a == "value" {
		a, b = b, a
	}
	return (a == "key" || a == "name") && b == "value"
}

// flowText writes s as a flow mapping's key or value: plain when it is a
// word-like text that every YAML reader takes for that string (a letter
// first; letters, digits, spaces inside and _ . / -; not a bool or null in
// YAML 1.1 or 1.2), else in double quotes.
func flowText(s string) string {
	plain := s != "" && isLetter(s[0]) && s[len(s)-1] != ' ' && allBytes(s, func(c byte) bool {
		return isLetter(c) || isDigit(c) || strings.IndexByte("_./- ", c) >= 0
	})
	switch strings.ToLower(s) {
	case "true", "false", "null", "yes", "no", "on", "off", "y", "n":
		plain = false
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

// listFix is the fix for one value written where a list belongs: the list
// of that one value. A container's health check command written as a shell
// line is ECS's CMD-SHELL form (as Compose's test: "curl ...").
func listFix(path string, elem reflect.Type, n *yaml.Node) string {
	switch {
	case n.Kind == yaml.ScalarNode && n.Tag == "!!int" && strings.HasSuffix(path, ".vpc.zones"):
		return "zones lists the AZs by name (eu-west-1a); for a number of AZs, write azs: " + n.Value
	case n.Kind == yaml.ScalarNode && n.Value != "" && strings.HasSuffix(path, ".healthCheck.command"):
		return fmt.Sprintf("write the shell command as [CMD-SHELL, %s]", strconv.Quote(n.Value))
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str" && len(strings.Fields(n.Value)) > 1 && (strings.HasSuffix(path, ".command") || strings.HasSuffix(path, ".entryPoint")):
		return shellLineFix(n.Value)
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str" && strings.Contains(n.Value, ",") && elem.Kind() == reflect.String:
		// A list written as one comma-separated text, as environment
		// variables and CLI flags carry lists.
		var items []string
		for _, item := range strings.Split(n.Value, ",") {
			if item = strings.TrimSpace(item); item != "" {
				items = append(items, flowText(item))
			}
		}
		return "write the list: [" + strings.Join(items, ", ") + "]"
	case n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Value != "" && elem.Kind() == reflect.String:
		return "write a list of one: [" + flowText(n.Value) + "]"
	case n.Kind == yaml.MappingNode && keyedByName(elem, n):
		return namedItemsFix(n)
	case n.Kind == yaml.MappingNode && elem.Kind() == reflect.Struct && n.Style&yaml.FlowStyle != 0:
		return "make it an item of the list: write it inside [ ]"
	case n.Kind == yaml.MappingNode && elem.Kind() == reflect.Struct:
		return "make it an item of the list: write - before its first field"
	}
	return ""
}

// namedMappingFix is the fix for a list of named items where the Blueprint
// keys them by name (environments: [{name: prod, ...}] for environments:
// {prod: {...}}): the mapping, with each name as its key. "" when an item
// is not a mapping with a name and more.
func namedMappingFix(n *yaml.Node) string {
	if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return ""
	}
	var items []string
	for _, item := range n.Content {
		name := yamlout.Value(item, "name")
		if name == nil || name.Kind != yaml.ScalarNode || name.Value == "" {
			return ""
		}
		items = append(items, flowText(name.Value)+": {...}")
	}
	return "write a mapping with each name as its key: {" + firstFew(items) + "}"
}

// keyedByName reports whether mapping n holds items of type elem by their
// names, as Compose writes services (services: {web: {image: ...}}) where
// the Blueprint writes a list of items that have a name field: every value
// is a mapping and no key is a field of the item.
func keyedByName(elem reflect.Type, n *yaml.Node) bool {
	if elem.Kind() != reflect.Struct || len(n.Content) == 0 {
		return false
	}
	fields := yamlFields(elem)
	if _, ok := fields["name"]; !ok {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if _, field := fields[n.Content[i].Value]; field || n.Content[i+1].Kind != yaml.MappingNode {
			return false
		}
	}
	return true
}

// namedItemsFix is the fix for items keyed by their names: the list, with
// each name inside its item.
func namedItemsFix(n *yaml.Node) string {
	var items []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		items = append(items, "{name: "+flowText(n.Content[i].Value)+", ...}")
	}
	return "write a list with each name inside its item: [" + firstFew(items) + "]"
}

// healthCheckFix is the fix for a container's health check written as its
// command alone: a shell line (Compose's test as one text, Docker's
// HEALTHCHECK CMD) is ECS's CMD-SHELL form, and a list (Compose's test) the
// command itself, with CMD in front when it starts with the program. A path
// is a load balancer's check: ECS runs a container's check inside the
// container, as a command. "" for anything else.
func healthCheckFix(n *yaml.Node, port string) string {
	switch n.Kind {
	case yaml.ScalarNode:
		line := strings.TrimSpace(n.Value)
		if n.Tag != "!!str" || line == "" {
			return ""
		}
		if strings.HasPrefix(line, "/") && !strings.ContainsAny(line, " \t") {
			return pathCheckFix(line, port, true)
		}
		for _, form := range healthCheckForms {
			line = strings.TrimSpace(strings.TrimPrefix(line, form+" "))
		}
		return fmt.Sprintf("write {command: [CMD-SHELL, %s]}", strconv.Quote(line))
	case yaml.SequenceNode:
		if command, ok := commandText(n); ok {
			return "write {command: " + command + "}"
		}
	}
	return ""
}

// pathCheckFix is the fix for a path written as a container's health
// check, as a load balancer's is: ECS runs a container's check inside it,
// as a command, so the path becomes a curl of the container's port (PORT
// when it is not known), or the load balancer's check. mapping writes the
// command as the check's mapping, else as its field.
func pathCheckFix(path, port string, mapping bool) string {
	command := "command: [CMD-SHELL, " + curlLine(path, port) + "]"
	if mapping {
		command = "{" + command + "}"
	}
	with := ""
	if port == "" {
		with = " with the container's port"
	}
	return fmt.Sprintf("a container's health check is a command that ECS runs inside the container: write %s%s (the image needs curl), %s", command, with, loadBalancerCheck(path))
}

// curlLine is a CMD-SHELL line that checks path on the container's own
// port (PORT when it is not known), quoted.
func curlLine(path, port string) string {
	return strconv.Quote("curl -f http://localhost:" + cmp.Or(port, "PORT") + path + " || exit 1")
}

// loadBalancerCheck is the other way to check a path: the load balancer's
// health check.
func loadBalancerCheck(path string) string {
	return "or let the load balancer check the path: alb.healthCheck or nlb.healthCheck: {path: " + flowText(path) + "}"
}

// commandText writes a list of words as a health check's command, with
// CMD in front when it starts with the program (as Compose's test and a
// Kubernetes exec probe write it); false for anything but a list of words.
func commandText(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
		return "", false
	}
	var items []string
	for _, item := range n.Content {
		if item.Kind != yaml.ScalarNode || item.Value == "" {
			return "", false
		}
		items = append(items, flowText(item.Value))
	}
	if !slices.Contains(healthCheckForms, items[0]) {
		items = append([]string{"CMD"}, items...)
	}
	return "[" + strings.Join(items, ", ") + "]", true
}

// portIn is the port written in a container's mapping, "" when it has
// none that is a number.
func portIn(container *yaml.Node) string {
	if container == nil || container.Kind != yaml.MappingNode {
		return ""
	}
	port := yamlout.Value(container, "port")
	if port == nil || port.Kind != yaml.ScalarNode || port.Value == "" || strings.Trim(port.Value, "0123456789") != "" {
		return ""
	}
	return port.Value
}

// firstFew joins the first three of items, and ... for the rest: a fix
// shows the shape with the user's first values, not a whole long list.
func firstFew(items []string) string {
	if len(items) > 3 {
		items = append(items[:3:3], "...")
	}
	return strings.Join(items, ", ")
}

// trafficShare is the percent a traffic step written as its share alone
// gives (10% or 10), "" for another value.
func trafficShare(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	percent, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(n.Value), "%")), 64)
	if err != nil || percent <= 0 || percent > 100 {
		return ""
	}
	return strconv.FormatFloat(percent, 'f', -1, 64)
}

// The model's types the loader's fixes know by name: those whose values
// mappingFix knows in their usual other shapes, and those whose fields a
// key written at the wrong level may be.
var (
	blueprintType         = reflect.TypeFor[Blueprint]()
	serviceType           = reflect.TypeFor[Service]()
	containerType         = reflect.TypeFor[Container]()
	vpcType               = reflect.TypeFor[VPC]()
	imageType             = reflect.TypeFor[Image]()
	secretRefType         = reflect.TypeFor[SecretRef]()
	dependencyType        = reflect.TypeFor[Dependency]()
	targetHealthCheckType = reflect.TypeFor[TargetHealthCheck]()
	healthCheckType       = reflect.TypeFor[HealthCheck]()
	routeAuthType         = reflect.TypeFor[RouteAuth]()
	userPoolDomainType    = reflect.TypeFor[UserPoolDomain]()
	certificateType       = reflect.TypeFor[Certificate]()
	trafficStepType       = reflect.TypeFor[TrafficStep]()
	spotType              = reflect.TypeFor[Spot]()
	scheduleType          = reflect.TypeFor[Schedule]()
)

// editDistance is the edit distance between a and b: letters inserted,
// deleted, replaced, and two neighbours swapped, each one edit (the optimal
// string alignment distance).
func editDistance(a, b string) int {
	before := make([]int, len(b)+1) // the row two letters of a back
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				// Two letters swapped (nmae) are one slip of the fingers.
				cur[j] = min(cur[j], before[j-2]+1)
			}
		}
		before, prev, cur = prev, cur, before
	}
	return prev[len(b)]
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return quote(n.Value)
	}
	return "an unexpected node"
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// textProblem refuses what no text field may hold, whatever it is for:
// control characters (other than tab and line breaks), which AWS APIs refuse
// or mangle, and CloudFormation's dynamic references ({{resolve:...}}),
// which CloudFormation would replace by the value of a parameter or secret
// wherever they appear in a template.
func textProblem(s string) (problem, fix string) {
	if strings.Contains(s, "{{resolve:") {
		fix := "reference parameters and secrets through a container's secrets, not in text"
		if mapping := resolvedMapping(s); mapping != "" {
			fix += ": " + s + " is " + mapping
		}
		return fmt.Sprintf("%q holds a dynamic reference, which CloudFormation would resolve", s), fix
	}
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return fmt.Sprintf("%q holds the control character U+%04X", s, r), "remove it"
		}
	}
	return "", ""
}

// dynamicReference matches a value that is one of CloudFormation's dynamic
// references to a parameter or a secret: group 1 is the service, 2 what
// follows. A Secrets Manager reference is SECRET-ID, then
// :SecretString:JSON-KEY:VERSION-STAGE:VERSION-ID, each part optional.
var dynamicReference = lazyre.New(`^\{\{resolve:(ssm|ssm-secure|secretsmanager):([^{}]+)\}\}$`)

// resolvedMapping is the mapping of a container's secrets that a dynamic
// reference stands for ({{resolve:ssm-secure:/shop/db}} is {parameter:
// "/shop/db"}), or "".
func resolvedMapping(s string) string {
	m := dynamicReference.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	if m[1] != "secretsmanager" {
		// ssm's NAME:VERSION; a container's secret takes the newest.
		name, _, _ := strings.Cut(m[2], ":")
		return "{parameter: " + quote(name) + "}"
	}
	parts := strings.Split(m[2], ":")
	id := parts[0]
	if id == "arn" && len(parts) >= 7 {
		// The secret's ARN has colons of its own: arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME.
		id, parts = strings.Join(parts[:7], ":"), parts[6:]
	}
	mapping := "{secret: " + quote(id)
	if len(parts) > 2 && parts[1] == "SecretString" && parts[2] != "" {
		mapping += ", jsonKey: " + quote(parts[2])
	}
	if len(parts) > 3 && parts[3] != "" {
		mapping += ", versionStage: " + quote(parts[3])
	}
	return mapping + "}"
}

// numberFix says how to write a number the way the field counts, for a
// value that is not a whole number: CPU in CPU units, memory in MiB (with
// the units people write elsewhere: 0.25 or 0.25vCPU and Kubernetes' 250m,
// 0.5 or 512MB, 512Mi and 1GB, 1Gi), and no quotes around a number.
func numberFix(path string, n *yaml.Node) string {
	field := path[strings.LastIndex(path, ".")+1:]
	f, unit, ok := numberWithUnit(n.Value)
	if !ok {
		f, unit = 0, "?" // no number: none of the unit cases below
	}
	maxVCPUs, maxGB := largestFargateTask()
	if fix := percentFix(path, n); fix != "" {
		return fix
	}
	switch {
	case field == "port" && strings.HasSuffix(parentPath(path), "]") && n.Kind == yaml.ScalarNode && strings.ContainsAny(n.Value, ":/"):
		// A container's port as Compose writes it (8080:80, 80/tcp).
		return containerPortsFix(field, n)
	case field == "port" && n.Kind == yaml.ScalarNode && portRange.MatchString(n.Value):
		if strings.Contains(path, ".egress[") {
			return "port takes one port, not a range: write a rule for each port the tasks call"
		}
		return "port takes one port, not a range: write the one port it listens on"
	case field == "count" && n.Kind == yaml.MappingNode:
		return countFix(n)
	case percentField(path):
		// autoscaling's cpu is a percent, not a task size: none of the
		// cpu cases below.
	case field == "cpu" && unit == "" && f > 0 && f <= maxVCPUs:
		return cpuFix(n.Value+" vCPU", f)
	case field == "cpu" && (unit == "vcpu" || unit == "vcpus") && f > 0 && f <= maxVCPUs:
		return cpuFix(n.Value, f)
	case field == "cpu" && unit == "m" && f > 0 && f <= maxVCPUs*1000:
		return cpuFix(fmt.Sprintf("%s (%g vCPU)", n.Value, f/1000), f/1000)
	case field == "memory" && unit == "" && f > 0 && f <= maxGB:
		return memoryFix(n.Value+" GB", f*mibPerGB, false)
	case field == "memory" && (unit == "gb" || unit == "gib" || unit == "g" || unit == "gi") && f > 0 && f <= maxGB:
		return memoryFix(n.Value, f*mibPerGB, true)
	case field == "memory" && (unit == "mb" || unit == "mib" || unit == "m" || unit == "mi") && f >= 1:
		return memoryFix(n.Value, f, true)
	case field == "retention" && slices.Contains([]string{"forever", "never", "infinite", "unlimited", "none"}, strings.ToLower(n.Value)):
		return "retention counts days, and " + longestRetentionFix
	case field == "retention" && f > 0 && daysPer[unit] > 0:
		// A log retention as people say it (30d, 2w, 1y).
		return fmt.Sprintf("retention counts days, without a unit: %s is retention: %d", n.Value, int(math.Round(f*daysPer[unit])))
	case field == "requests" && strings.HasSuffix(parentPath(path), ".autoscaling") && f > 0 && rateWindows[unit] > 0:
		// The target of ALBRequestCountPerTarget: one task's requests in
		// a minute.
		return fmt.Sprintf("requests counts one task's requests per minute, without a unit: %s is requests: %d", n.Value, inWindow(f, unit, 60))
	case field == "rateLimit" && f > 0 && rateWindows[unit] > 0:
		// AWS WAF's rate-based rules count a window of 5 minutes.
		limit := inWindow(f, unit, 5*60)
		if limit < minRateLimit {
			return fmt.Sprintf("rateLimit counts one address's requests in 5 minutes, without a unit: %s is %d, below AWS WAF's least, %d: write rateLimit: %d", n.Value, limit, minRateLimit, minRateLimit)
		}
		return fmt.Sprintf("rateLimit counts one address's requests in 5 minutes, without a unit: %s is rateLimit: %d", n.Value, limit)
	case field == "rate" && f > 0 && rateWindows[unit] == 1:
		// API Gateway's throttle counts requests per second.
		return fmt.Sprintf("rate counts requests per second, without a unit: write rate: %s", strconv.FormatFloat(f, 'f', -1, 64))
	case secondsFields[field] && secondsPer[unit] > 0 && f > 0:
		// A duration as Copilot and Compose write it (15s, 2m).
		return fmt.Sprintf("%s counts seconds, without a unit: %s is %s: %d", field, n.Value, field, int(math.Round(f*secondsPer[unit])))
	case minutesFields[field] && secondsPer[unit] > 0 && f > 0 && math.Mod(f*secondsPer[unit], 60) == 0:
		// A deployment's or an alarm's wait written with its unit (15m).
		counts := field + " counts minutes"
		if field == "minutes" {
			counts = "write the minutes"
		}
		return fmt.Sprintf("%s, without a unit: %s is %s: %d", counts, n.Value, field, int(f*secondsPer[unit]/60))
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 && wholeDigits.MatchString(n.Value):
		return "write the number without quotes: " + field + ": " + n.Value
	}
	return ""
}

// loginFix is the fix for a service's alb.login written as the paths
// that need a login (login: [/admin], login: {paths: [/admin]}), which are
// its loginPaths, or as the user pool (login: {userPool: staff}), which
// the load balancer's login names for every service behind it; "" for
// another field or value.
func loginFix(path string, n *yaml.Node) string {
	if !strings.HasSuffix(path, ".alb.login") {
		return ""
	}
	paths := n
	if n.Kind == yaml.MappingNode {
		if yamlout.Value(n, "userPool") != nil && yamlout.Value(n, "paths") == nil {
			return "write login: true; the user pool is the load balancer's, in its login: {userPool: NAME} (ingress.alb or ingress.albs[])"
		}
		paths = yamlout.Value(n, "paths")
	}
	list, ok := flowValue(paths)
	if !ok || paths.Kind == yaml.ScalarNode && !strings.HasPrefix(paths.Value, "/") {
		return ""
	}
	if paths.Kind == yaml.ScalarNode {
		list = "[" + list + "]"
	}
	return "write loginPaths: " + list + " for a login on those paths alone (the service's other paths stay open), or login: true for a login on every path"
}

// boolFix is the fix for a true or false written as YAML 1.1 and other
// tools spell it (yes, on, 1, enabled) or in quotes: YAML 1.2, which a
// Blueprint is, reads only true and false, unquoted, as booleans.
func boolFix(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	on, ok := switchWords[strings.ToLower(n.Value)]
	if !ok {
		return ""
	}
	word := strconv.FormatBool(on)
	switch {
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return "write " + word + " without quotes: in quotes it is text"
	case n.Tag == "!!int":
		return "write " + word + ": " + n.Value + " is a number"
	case n.Value == "true" || n.Value == "false":
		return "" // a boolean already: the value is refused for another reason
	}
	return "write " + word + ": YAML 1.2, which a Blueprint is, reads " + n.Value + " as text"
}

// switchWords are the words other tools and YAML 1.1 write for on and off,
// for a boolean or for a choice of enabled and disabled.
var switchWords = map[string]bool{
	"true": true, "yes": true, "y": true, "on": true, "enabled": true, "enable": true, "1": true,
	"false": false, "no": false, "n": false, "off": false, "disabled": false, "disable": false, "0": false,
}

// rateWindows are the units a rate is written with (100/s, 1000/min,
// 2000/5min), by the seconds each counts over.
var rateWindows = map[string]float64{
	"/s": 1, "/sec": 1, "/second": 1, "rps": 1, "req/s": 1, "requests/s": 1,
	"/m": 60, "/min": 60, "/minute": 60, "rpm": 60,
	"/5m": 300, "/5min": 300, "/5minutes": 300,
	"/h": 3600, "/hour": 3600,
}

// inWindow is a rate of f per unit counted over a window of so many
// seconds, rounded to a whole number of requests.
func inWindow(f float64, unit string, window float64) int {
	return int(math.Round(f * window / rateWindows[unit]))
}

// percentField reports whether the number at path counts percent: an
// autoscaling target, a deployment's share of tasks or traffic, or an
// alarm's threshold (percent for most alarms).
func percentField(path string) bool {
	field := path[strings.LastIndex(path, ".")+1:]
	switch field {
	case "minPercent", "maxPercent", "percent", "threshold":
		return true
	case "cpu", "memory":
		return strings.HasSuffix(parentPath(path), ".autoscaling")
	}
	return false
}

// percentFix is the fix for a percent written as text, with its sign
// (cpu: 70%), or, in a field of whole percents, as a fraction (cpu: 0.7):
// the number of percent to write; for a latency alarm's threshold, which
// counts seconds, written with a unit (500ms), the seconds. "" for other
// fields and values.
func percentFix(path string, n *yaml.Node) string {
	if !percentField(path) || n.Kind != yaml.ScalarNode {
		return ""
	}
	field := path[strings.LastIndex(path, ".")+1:]
	f, unit, ok := numberWithUnit(n.Value)
	switch {
	case !ok || f <= 0:
		return ""
	case strings.HasSuffix(path, ".latency.threshold"):
		// A latency alarm's threshold counts seconds, not percent.
		if seconds, ok := map[string]float64{"ms": 0.001, "s": 1, "sec": 1, "seconds": 1, "m": 60, "min": 60}[unit]; ok {
			return fmt.Sprintf("the threshold counts seconds, without a unit: %s is threshold: %s", n.Value, formatNumber(f*seconds))
		}
		return ""
	case unit == "%":
		return fmt.Sprintf("%s counts percent, without the sign: write %s: %s", field, field, strconv.FormatFloat(f, 'f', -1, 64))
	case unit == "" && f < 1 && field != "percent" && field != "threshold":
		// A whole-number field: 0.7 can only be a fraction.
		return fmt.Sprintf("%s counts percent: %s is %s: %d", field, n.Value, field, int(math.Round(f*100)))
	}
	return ""
}

// stringFix is the fix for a list or mapping where one text belongs. A
// route's methods written as a list (as web frameworks route several
// methods to one handler) are a route each, or ANY.
func stringFix(path string, n *yaml.Node) string {
	if n.Kind == yaml.SequenceNode && strings.HasSuffix(path, ".method") && len(n.Content) > 0 {
		return routeMethodsFix("method", n)
	}
	if strings.HasSuffix(parentPath(path), ".environment") {
		return environmentTextFix(n)
	}
	if path == "cdn.certificate" && n.Kind == yaml.MappingNode {
		return cdnCertificateFix(n)
	}
	if origins := itemTexts(n); strings.HasSuffix(path, ".cors.origin") && len(origins) > 0 {
		// Access-Control-Allow-Origin holds one origin or *: a list of
		// origins would need the answer to echo the caller's (originsFix
		// says the same to a list under another tool's name).
		return "the Access-Control-Allow-Origin header holds one origin, or *: write one, such as origin: " + origins[0]
	}
	return ""
}

// cdnCertificateFix is the fix for CloudFront's certificate written as a
// load balancer's is, {arn: ...} or {domain: ...}: CloudFront reads
// certificates from us-east-1 only, and the stack, created in the
// application's Region, cannot request one there; it takes the ARN.
func cdnCertificateFix(n *yaml.Node) string {
	if arn := yamlout.Value(n, "arn"); arn != nil && arn.Kind == yaml.ScalarNode && arn.Value != "" {
		return "write the ARN alone: certificate: " + flowText(arn.Value)
	}
	return "write the ARN of an ACM certificate in us-east-1 that covers the domains: CloudFront reads certificates from us-east-1 only, and the stack, in the application's Region, cannot request one there"
}

// environmentTextFix is the fix for an environment variable's value
// written as a mapping or a list: a variable holds one text, so a
// structured value is passed as its JSON, which the application parses.
func environmentTextFix(n *yaml.Node) string {
	var value any
	if n.Decode(&value) != nil {
		return ""
	}
	text, err := json.Marshal(value)
	if err != nil || len(text) > 200 {
		return "an environment variable holds one text: write the value as its JSON, in single quotes"
	}
	return "an environment variable holds one text: write the value as its JSON, " + "'" + strings.ReplaceAll(string(text), "'", "''") + "'"
}

// secondsFields are the Blueprint's fields that count seconds, whatever
// they belong to.
var secondsFields = map[string]bool{
	"interval": true, "timeout": true, "startPeriod": true, "gracePeriod": true,
	"deregistrationDelay": true, "idleTimeout": true, "sessionTimeout": true,
	"scaleInCooldown": true, "scaleOutCooldown": true, "originTimeout": true, "maxAge": true,
}

// minutesFields are the fields that count minutes: a canary's or linear
// step's wait, the bake time, an alarm's period.
var minutesFields = map[string]bool{"minutes": true, "bake": true}

// secondsPer is how many seconds a unit of a duration written with one is.
var secondsPer = map[string]float64{
	"s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
	"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
	"h": 3600, "hr": 3600, "hour": 3600, "hours": 3600,
}

// daysPer is how many days a unit of a retention written with one is.
var daysPer = map[string]float64{"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7, "y": 365, "year": 365, "years": 365}

// numberWithUnit reads a number and the unit after it ("0.5", "512MB",
// "1 Gi"), the unit in lower case.
func numberWithUnit(s string) (f float64, unit string, ok bool) {
	s = strings.TrimSpace(s)
	end := 0
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == '.') {
		end++
	}
	f, err := strconv.ParseFloat(s[:end], 64)
	if err != nil {
		return 0, "", false
	}
	return f, strings.ToLower(strings.TrimSpace(s[end:])), true
}
