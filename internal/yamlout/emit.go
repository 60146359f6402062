package yamlout

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// This file writes the node trees of templates and OpenAPI documents as
// yaml.v3's encoder does (2-space indentation, no line width limit), byte for
// byte, about ten times faster: yaml.v3 keeps every event of a document and
// analyses each scalar through a general state machine, which dominated gen's
// time on large applications. It handles what those trees hold (block
// mappings and sequences, flow sequences, short-form tags, plain and quoted
// scalars); anything else (multi-line scalars, anchors, comments, long keys)
// makes it give up on that entry, which yaml.v3 then writes. A differential
// test and a fuzz target compare the two.

// errUnsupported says the fast writer leaves a node to yaml.v3.
var errUnsupported = errors.New("yamlout: left to yaml.v3")

// writer appends YAML text to buf.
type writer struct {
	buf []byte
	// texts remembers how each scalar was written: a template repeats its
	// keys and many values (Type, !Ref Cluster, tcp) hundreds of times.
	texts map[scalarKey]scalarText
}

// scalarKey is what decides a scalar's text.
type scalarKey struct {
	value, tag      string
	style           yaml.Style
	flow, simpleKey bool
}

type scalarText struct {
	text string
	err  error
}

// scalar writes a scalar's text, as the function scalar does, once per
// distinct scalar.
func (w *writer) scalar(n *yaml.Node, flow, simpleKey bool) (string, error) {
	if text, ok := plainText(n, flow, simpleKey); ok {
		return text, nil
	}
	if len(n.Value) > 40 {
		return scalar(n, flow, simpleKey) // long texts are seldom repeated
	}
	key := scalarKey{n.Value, n.Tag, n.Style, flow, simpleKey}
	if t, ok := w.texts[key]; ok {
		return t.text, t.err
	}
	text, err := scalar(n, flow, simpleKey)
	if w.texts == nil {
		w.texts = memos.Get().(map[scalarKey]scalarText)
	}
	w.texts[key] = scalarText{text, err}
	return text, err
}

// plainText is the text of the commonest scalars, as scalar writes them,
// without remembering them: an untagged or !!str string that no YAML reader
// takes for another type (it starts with a letter that begins no bool or
// null, '/', '$' or '_') and that analyzeSimple finds plain in its context
// is written as it is. Hashing it into the memory cost more.
func plainText(n *yaml.Node, flow, simpleKey bool) (string, bool) {
	v := n.Value
	if n.Style != 0 || n.Tag != "!!str" && n.Tag != "" || v == "" || simpleKey && len(v) > 128 {
		return "", false
	}
	if c := v[0]; c >= '0' && c <= '9' || strings.IndexByte("yYnNtTfFoO", c) >= 0 {
		return "", false
	}
	a, ok := analyzeSimple(v)
	if !ok || flow && !a.flowPlain || !flow && !a.blockPlain {
		return "", false
	}
	return v, true
}

// memos keeps the writers' memories of scalars between writers: a render
// writes a template per stack, each in chunks side by side, and their keys
// and values repeat across them. A memory is only ever a cache.
var memos = sync.Pool{New: func() any { return make(map[scalarKey]scalarText, 256) }}

// maxMemo bounds what a memory keeps between writers.
const maxMemo = 1 << 14

// done gives the writer's memory back for the next writer.
func (w *writer) done() {
	if w.texts == nil {
		return
	}
	if len(w.texts) > maxMemo {
		clear(w.texts)
	}
	memos.Put(w.texts)
	w.texts = nil
}

func (w *writer) spaces(n int) {
	for n > len(blanks) {
		w.buf = append(w.buf, blanks...)
		n -= len(blanks)
	}
	w.buf = append(w.buf, blanks[:n]...)
}

// blanks are the spaces indentation is cut from.
const blanks = "                                                                "

// pair writes the mapping entry key: value with the key at column col.
func (w *writer) pair(key, value *yaml.Node, col int) error {
	w.spaces(col)
	return w.entry(key, value, col)
}

// entry writes key: value, the cursor being at the key's column col.
func (w *writer) entry(key, value *yaml.Node, col int) error {
	if key.Kind != yaml.ScalarNode || plainNode(key) != nil {
		return errUnsupported
	}
	text, err := w.scalar(key, false, true)
	if err != nil {
		return err
	}
	w.buf = append(w.buf, text...)
	w.buf = append(w.buf, ':')
	return w.afterKey(value, col)
}

// afterKey writes a mapping value after "key:".
func (w *writer) afterKey(v *yaml.Node, col int) error {
	tag, err := collectionTag(v)
	switch {
	case err != nil || plainNode(v) != nil:
		return errUnsupported
	case oneLine(v):
		return w.line(v, col)
	case v.Kind == yaml.MappingNode && tag == "":
		w.buf = append(w.buf, '\n')
		return w.mapping(v, col+2, false)
	case v.Kind == yaml.SequenceNode:
		if tag != "" {
			w.buf = append(w.buf, ' ')
			w.buf = append(w.buf, tag...)
		}
		w.buf = append(w.buf, '\n')
		return w.sequence(v, col+2, false)
	}
	return errUnsupported
}

// afterDash writes a sequence item after "-", the dash at column col.
func (w *writer) afterDash(v *yaml.Node, col int) error {
	tag, err := collectionTag(v)
	switch {
	case err != nil || plainNode(v) != nil:
		return errUnsupported
	case oneLine(v):
		return w.line(v, col)
	case tag != "":
		return errUnsupported
	case v.Kind == yaml.MappingNode:
		w.buf = append(w.buf, ' ')
		return w.mapping(v, col+2, true)
	case v.Kind == yaml.SequenceNode:
		w.buf = append(w.buf, ' ')
		return w.sequence(v, col+2, true)
	}
	return errUnsupported
}

// oneLine reports whether a node starts on its indicator's line: a scalar
// (a literal block's header), an empty collection or a flow sequence.
func oneLine(v *yaml.Node) bool {
	return v.Kind == yaml.ScalarNode || v.Style&yaml.FlowStyle != 0 || len(v.Content) == 0
}

// line writes a one-line node after an indicator at column col ("key:",
// "-"), with a literal block's content at col+2.
func (w *writer) line(v *yaml.Node, col int) error {
	text, err := w.inlineText(v, false)
	if err != nil {
		return err
	}
	if text != "" { // an empty plain scalar: the indicator and nothing after
		w.buf = append(w.buf, ' ')
	}
	w.text(text, col+2)
	return nil
}

// mapping writes a non-empty block mapping with its keys at column col; with
// inline the cursor already stands there.
func (w *writer) mapping(n *yaml.Node, col int, inline bool) error {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if i > 0 || !inline {
			w.spaces(col)
		}
		if err := w.entry(n.Content[i], n.Content[i+1], col); err != nil {
			return err
		}
	}
	return nil
}

// sequence writes a non-empty block sequence with its dashes at column col.
func (w *writer) sequence(n *yaml.Node, col int, inline bool) error {
	for i, item := range n.Content {
		if i > 0 || !inline {
			w.spaces(col)
		}
		w.buf = append(w.buf, '-')
		if err := w.afterDash(item, col); err != nil {
			return err
		}
	}
	return nil
}

// inlineText is the one-line text of a scalar, an empty collection or a
// flow sequence, with its tag, in flow or block context.
func (w *writer) inlineText(n *yaml.Node, flow bool) (string, error) {
	if err := plainNode(n); err != nil {
		return "", err
	}
	if n.Kind == yaml.ScalarNode {
		return w.scalar(n, flow, false)
	}
	tag, err := collectionTag(n)
	if err != nil {
		return "", err
	}
	prefix := ""
	if tag != "" {
		prefix = tag + " "
	}
	switch {
	case n.Kind == yaml.MappingNode && len(n.Content) == 0:
		return prefix + "{}", nil
	case n.Kind == yaml.SequenceNode:
		var b strings.Builder
		b.WriteString(prefix + "[")
		for i, item := range n.Content {
			if i > 0 {
				b.WriteString(", ")
			}
			text, err := w.inlineText(item, true)
			if err != nil {
				return "", err
			}
			b.WriteString(text)
		}
		b.WriteString("]")
		return b.String(), nil
	}
	return "", errUnsupported
}

// plainNode refuses what the fast writer does not write: anchors, aliases,
// comments.
func plainNode(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode || n.Anchor != "" || n.HeadComment != "" || n.LineComment != "" || n.FootComment != "" {
		return errUnsupported
	}
	return nil
}

// shortFormTagPattern is the tags the fast writer writes: !Name.
const shortFormTagPattern = `^![A-Za-z][A-Za-z0-9]*$`

// isShortFormTag reports whether tag matches shortFormTagPattern, byte by
// byte: every tagged node of a template asks.
func isShortFormTag(tag string) bool {
	if len(tag) < 2 || tag[0] != '!' || !isLetter(tag[1]) {
		return false
	}
	for i := 2; i < len(tag); i++ {
		if !isAlnum(tag[i]) {
			return false
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// collectionTag is the tag written before a mapping or sequence: none for the
// standard ones.
func collectionTag(n *yaml.Node) (string, error) {
	switch {
	case n.Kind == yaml.ScalarNode || n.Tag == "" || n.Style&yaml.TaggedStyle != 0:
		if n.Style&yaml.TaggedStyle != 0 {
			return "", errUnsupported
		}
		return "", nil
	case n.Kind == yaml.MappingNode && shortTag(n.Tag) == "!!map", n.Kind == yaml.SequenceNode && shortTag(n.Tag) == "!!seq":
		return "", nil
	case isShortFormTag(n.Tag):
		return n.Tag, nil
	}
	return "", errUnsupported
}

func shortTag(tag string) string {
	if rest, ok := strings.CutPrefix(tag, "tag:yaml.org,2002:"); ok {
		return "!!" + rest
	}
	return tag
}

// Scalar styles, as yaml.v3 chooses them.
const (
	plainStyle = iota
	singleQuoted
	doubleQuoted
	literal
)

// scalar is the text of a scalar node (with its tag) in flow or block
// context, or as a simple key. A literal block comes back as its header
// ("|-"), a line break and its content lines, unindented.
func scalar(n *yaml.Node, flow, simpleKey bool) (string, error) {
	value := n.Value
	if !utf8.ValidString(value) || n.Style&(yaml.TaggedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		return "", errUnsupported
	}
	// The encoder's choice of tag: a standard tag the value resolves to
	// anyway is dropped; a string that would resolve to something else is
	// quoted.
	tag, stag, forceQuoting := n.Tag, shortTag(n.Tag), false
	if tag != "" {
		if stag == "!!str" && n.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) != 0 {
			tag = ""
		} else if rtag := resolve(value); rtag == stag {
			tag = ""
		} else if stag == "!!str" {
			tag, forceQuoting = "", true
		}
	}
	if tag != "" && !isShortFormTag(tag) {
		return "", errUnsupported
	}
	style := plainStyle
	switch {
	case n.Style&yaml.DoubleQuotedStyle != 0:
		style = doubleQuoted
	case n.Style&yaml.SingleQuotedStyle != 0:
		style = singleQuoted
	case strings.Contains(value, "\n"):
		style = literal
	case forceQuoting:
		style = doubleQuoted
	}
	a := analyze(value)
	if simpleKey && (a.multiline || len(tag)+len(value) > 128) {
		return "", errUnsupported // a complex key
	}
	if style == plainStyle {
		if flow && !a.flowPlain || !flow && !a.blockPlain || value == "" && (flow || simpleKey) {
			style = singleQuoted
		}
	}
	if style == singleQuoted && !a.singleQuoted {
		style = doubleQuoted
	}
	if style == literal {
		if !a.block || flow || simpleKey {
			style = doubleQuoted
		} else if !literalFits(value) {
			return "", errUnsupported
		}
	}
	if tag != "" && value == "" && style == plainStyle {
		return "", errUnsupported
	}
	var text string
	switch style {
	case literal:
		// "|-" and the content lines; the caller indents them.
		text = "|-\n" + value
	case plainStyle:
		text = value
	case singleQuoted:
		if a.multiline {
			return "", errUnsupported
		}
		text = "'" + strings.ReplaceAll(value, "'", "''") + "'"
	default:
		text = doubleQuote(value)
	}
	if tag != "" {
		return tag + " " + text, nil
	}
	return text, nil
}

// literalFits reports whether the fast writer writes a literal block as
// yaml.v3 would: line feeds only (other line breaks make yaml.v3 indent within
// a line), not ending with one (no "|" or "|+" chomping, which can end the
// document), not starting with a blank (an indentation indicator).
func literalFits(value string) bool {
	return !strings.ContainsAny(value, "\r\u0085\u2028\u2029") && !strings.HasSuffix(value, "\n") &&
		!strings.HasPrefix(value, " ") && !strings.HasPrefix(value, "\n")
}

// text appends scalar text after an indicator (": ", "- "), indenting the
// content lines of a literal block to column col.
func (w *writer) text(text string, col int) {
	head, content, isLiteral := strings.Cut(text, "|-\n")
	if !isLiteral || strings.Contains(head, "\n") || head != "" && !strings.HasSuffix(head, " ") {
		w.buf = append(w.buf, text...)
		w.buf = append(w.buf, '\n')
		return
	}
	w.buf = append(w.buf, head...)
	w.buf = append(w.buf, "|-\n"...)
	for _, line := range strings.Split(content, "\n") {
		if line != "" {
			w.spaces(col)
			w.buf = append(w.buf, line...)
		}
		w.buf = append(w.buf, '\n')
	}
}

// analysis is what yaml.v3's yaml_emitter_analyze_scalar finds out.
type analysis struct {
	multiline, flowPlain, blockPlain, singleQuoted, block bool
}

// analyze ports yaml_emitter_analyze_scalar.
func analyze(s string) analysis {
	if s == "" {
		return analysis{blockPlain: true, singleQuoted: true}
	}
	if a, ok := analyzeSimple(s); ok {
		return a
	}
	return analyzeFull(s)
}

// analyzeFull is yaml_emitter_analyze_scalar, character by character.
func analyzeFull(s string) analysis {
	value := s
	var blockIndicators, flowIndicators, lineBreaks, special, tabs bool
	var leadingSpace, leadingBreak, trailingSpace, trailingBreak, breakSpace, spaceBreak bool
	var previousSpace, previousBreak bool
	if len(value) >= 3 && (s[:3] == "---" || s[:3] == "...") {
		blockIndicators, flowIndicators = true, true
	}
	precededByWhitespace := true
	for i, w := 0, 0; i < len(value); i += w {
		w = width(value[i])
		followedByWhitespace := i+w >= len(value) || isBlank(value, i+w)
		if i == 0 {
			switch value[i] {
			case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
				flowIndicators, blockIndicators = true, true
			case '?', ':':
				flowIndicators = true
				if followedByWhitespace {
					blockIndicators = true
				}
			case '-':
				if followedByWhitespace {
					flowIndicators, blockIndicators = true, true
				}
			}
		} else {
			switch value[i] {
			case ',', '?', '[', ']', '{', '}':
				flowIndicators = true
			case ':':
				flowIndicators = true
				if followedByWhitespace {
					blockIndicators = true
				}
			case '#':
				if precededByWhitespace {
					flowIndicators, blockIndicators = true, true
				}
			}
		}
		if value[i] == '\t' {
			tabs = true
		} else if !isPrintable(value, i) {
			special = true
		}
		switch {
		case value[i] == ' ':
			if i == 0 {
				leadingSpace = true
			}
			if i+w == len(value) {
				trailingSpace = true
			}
			if previousBreak {
				breakSpace = true
			}
			previousSpace, previousBreak = true, false
		case isBreak(value, i):
			lineBreaks = true
			if i == 0 {
				leadingBreak = true
			}
			if i+w == len(value) {
				trailingBreak = true
			}
			if previousSpace {
				spaceBreak = true
			}
			previousSpace, previousBreak = false, true
		default:
			previousSpace, previousBreak = false, false
		}
		precededByWhitespace = isBlankz(value, i)
	}
	a := analysis{multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true}
	if leadingSpace || leadingBreak || trailingSpace || trailingBreak {
		a.flowPlain, a.blockPlain = false, false
	}
	if trailingSpace {
		a.block = false
	}
	if breakSpace {
		a.flowPlain, a.blockPlain, a.singleQuoted = false, false, false
	}
	if spaceBreak || tabs || special {
		a.flowPlain, a.blockPlain, a.singleQuoted = false, false, false
	}
	if spaceBreak || special {
		a.block = false
	}
	if lineBreaks {
		a.flowPlain, a.blockPlain = false, false
	}
	if flowIndicators {
		a.flowPlain = false
	}
	if blockIndicators {
		a.blockPlain = false
	}
	return a
}

// analyzeSimple is analyze for the texts most scalars are (names, ARNs,
// ${Sub} strings, paths): printable ASCII that starts with a letter, a
// digit, '/', '$' or '_', with no '#', tab or line break and no trailing
// space. Such a text raises no flag of analyze but the flow indicators
// (',', '?', '[', ']', '{', '}', ':') and, for ": " or a final ':', the
// block ones; false for any other text, which analyze reads in full.
func analyzeSimple(s string) (analysis, bool) {
	if c := s[0]; !(isAlnum(c) || c == '/' || c == '$' || c == '_') || s[len(s)-1] == ' ' {
		return analysis{}, false
	}
	var flow, block bool
	for i := 1; i < len(s); i++ {
		switch simpleClass[s[i]] {
		case simpleOther:
			return analysis{}, false
		case simpleFlow:
			flow = true
		case simpleColon:
			flow = true
			if i+1 == len(s) || s[i+1] == ' ' {
				block = true
			}
		}
	}
	return analysis{flowPlain: !flow, blockPlain: !block, singleQuoted: true, block: true}, true
}

// The classes of bytes after the first for analyzeSimple.
const (
	simplePlain = iota // printable ASCII that raises no flag
	simpleFlow         // , ? [ ] { }: a flow indicator
	simpleColon        // : a flow indicator, and a block one before a space
	simpleOther        // anything else: '#', controls, non-ASCII
)

// simpleClass is each byte's class, looked up once per byte of every
// scalar written.
var simpleClass = func() (class [256]byte) {
	for c := range class {
		switch {
		case c < 0x20 || c > 0x7E || c == '#':
			class[c] = simpleOther
		case c == ',' || c == '?' || c == '[' || c == ']' || c == '{' || c == '}':
			class[c] = simpleFlow
		case c == ':':
			class[c] = simpleColon
		}
	}
	return class
}()

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// width is the length of the UTF-8 sequence a lead byte starts.
func width(b byte) int {
	switch {
	case b&0x80 == 0x00:
		return 1
	case b&0xE0 == 0xC0:
		return 2
	case b&0xF0 == 0xE0:
		return 3
	case b&0xF8 == 0xF0:
		return 4
	}
	return 0
}

func at(b string, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

// isPrintable ports yaml.v3's is_printable (which counts characters past
// U+FFFF, such as emoji, as not printable).
func isPrintable(b string, i int) bool {
	c, c1, c2 := b[i], at(b, i+1), at(b, i+2)
	return c == 0x0A || c >= 0x20 && c <= 0x7E ||
		c == 0xC2 && c1 >= 0xA0 ||
		c > 0xC2 && c < 0xED ||
		c == 0xED && c1 < 0xA0 ||
		c == 0xEE ||
		c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF))
}

func isBreak(b string, i int) bool {
	c, c1, c2 := b[i], at(b, i+1), at(b, i+2)
	return c == '\r' || c == '\n' || c == 0xC2 && c1 == 0x85 || c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9)
}

func isBlank(b string, i int) bool { return b[i] == ' ' || b[i] == '\t' }

func isBlankz(b string, i int) bool {
	return isBlank(b, i) || isBreak(b, i) || b[i] == 0
}

// doubleQuote ports yaml_emitter_write_double_quoted with no line width.
func doubleQuote(s string) string {
	value := s
	var b strings.Builder
	b.WriteByte('"')
	// yaml.v3's is_bom looks at the start of the value whatever the
	// position, so a value that starts with a BOM is escaped throughout.
	bom := len(value) >= 3 && value[0] == 0xEF && value[1] == 0xBB && value[2] == 0xBF
	for i := 0; i < len(value); {
		w := width(value[i])
		c := value[i]
		if !isPrintable(value, i) || bom || isBreak(value, i) || c == '"' || c == '\\' {
			r, _ := utf8.DecodeRuneInString(value[i:])
			switch r {
			case 0x00:
				b.WriteString(`\0`)
			case 0x07:
				b.WriteString(`\a`)
			case 0x08:
				b.WriteString(`\b`)
			case 0x09:
				b.WriteString(`\t`)
			case 0x0A:
				b.WriteString(`\n`)
			case 0x0B:
				b.WriteString(`\v`)
			case 0x0C:
				b.WriteString(`\f`)
			case 0x0D:
				b.WriteString(`\r`)
			case 0x1B:
				b.WriteString(`\e`)
			case 0x22:
				b.WriteString(`\"`)
			case 0x5C:
				b.WriteString(`\\`)
			case 0x85:
				b.WriteString(`\N`)
			case 0xA0:
				b.WriteString(`\_`)
			case 0x2028:
				b.WriteString(`\L`)
			case 0x2029:
				b.WriteString(`\P`)
			default:
				switch {
				case r <= 0xFF:
					fmt.Fprintf(&b, `\x%02X`, r)
				case r <= 0xFFFF:
					fmt.Fprintf(&b, `\u%04X`, r)
				default:
					fmt.Fprintf(&b, `\U%08X`, r)
				}
			}
		} else {
			b.WriteString(value[i : i+w])
		}
		i += max(w, 1)
	}
	b.WriteByte('"')
	return b.String()
}

// resolve ports yaml.v3's resolve for a plain scalar: the tag its reader would
// give the text.
func resolve(in string) string {
	if in == "" {
		return "!!null"
	}
	// yaml.v3 looks further only at texts that start like a value of
	// another type.
	if c := in[0]; !(c == '+' || c == '-' || c == '.' || c >= '0' && c <= '9' || strings.IndexByte("yYnNtTfFoO~", c) >= 0) {
		return "!!str"
	}
	switch in {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool"
	case "~", "null", "Null", "NULL":
		return "!!null"
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return "!!float"
	}
	switch c := in[0]; {
	case c == '.':
		if _, err := strconv.ParseFloat(in, 64); err == nil {
			return "!!float"
		}
	case c == '+' || c == '-' || c >= '0' && c <= '9':
		if isTimestamp(in) {
			return "!!timestamp"
		}
		plain := strings.ReplaceAll(in, "_", "")
		if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
			return "!!int"
		}
		if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
			return "!!int"
		}
		if yamlStyleFloat.MatchString(plain) {
			if _, err := strconv.ParseFloat(plain, 64); err == nil {
				return "!!float"
			}
		}
		for _, p := range []struct {
			prefix string
			base   int
		}{{"0b", 2}, {"-0b", 2}, {"0o", 8}, {"-0o", 8}} {
			if digits, ok := strings.CutPrefix(plain, p.prefix); ok {
				if strings.HasPrefix(p.prefix, "-") {
					digits = "-" + digits
				}
				if _, err := strconv.ParseInt(digits, p.base, 64); err == nil {
					return "!!int"
				}
				if !strings.HasPrefix(p.prefix, "-") {
					if _, err := strconv.ParseUint(digits, p.base, 64); err == nil {
						return "!!int"
					}
				}
			}
		}
	}
	return "!!str"
}

var yamlStyleFloat = lazyre.New(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// timestampFormats are the layouts yaml.v3 reads as timestamps.
var timestampFormats = []string{"2006-1-2T15:4:5.999999999Z07:00", "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"}

func isTimestamp(s string) bool {
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	for _, f := range timestampFormats {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}
