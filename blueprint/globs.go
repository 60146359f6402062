package blueprint

import (
	"slices"
	"strconv"
	"strings"
)

// A glob is a language of request paths (or host names) as a small
// nondeterministic automaton: one state per token, and an accepting state
// after the last. It describes both sides of the question "which listener
// rule receives this API route's requests": an ALB path pattern (* any
// characters, ? one character) and an API route whose variables stand for
// any request ({id}: one or more characters without a slash, {proxy+}: one
// or more characters).
type glob []globToken

type globToken struct {
	kind byte // one of the token kinds below
	c    byte // the character of a literal
}

// Token kinds.
const (
	tokLiteral      = iota // exactly c
	tokAnyOne              // one character
	tokNonSlashOne         // one character other than /
	tokAnyMany             // zero or more characters
	tokNonSlashMany        // zero or more characters other than /
)

// albGlob reads an ALB path or host pattern.
func albGlob(pattern string) glob {
	var g glob
	for i := range len(pattern) {
		switch pattern[i] {
		case '*':
			g = append(g, globToken{kind: tokAnyMany})
		case '?':
			g = append(g, globToken{kind: tokAnyOne})
		default:
			g = append(g, globToken{kind: tokLiteral, c: pattern[i]})
		}
	}
	return g
}

// routeGlob is the language of the request paths an API route sends to its
// backend.
func routeGlob(path string) glob {
	g := glob{}
	for _, s := range SplitPath(path) {
		g = append(g, globToken{kind: tokLiteral, c: '/'})
		switch {
		case s.Greedy:
			g = append(g, globToken{kind: tokAnyOne}, globToken{kind: tokAnyMany})
		case s.Param:
			g = append(g, globToken{kind: tokNonSlashOne}, globToken{kind: tokNonSlashMany})
		default:
			for i := range len(s.Name) {
				g = append(g, globToken{kind: tokLiteral, c: s.Name[i]})
			}
		}
	}
	if len(g) == 0 {
		g = append(g, globToken{kind: tokLiteral, c: '/'})
	}
	return g
}

// states is a set of automaton states, one bit per state: a step costs one
// pass over the tokens, whatever the pattern.
type states []uint64

func (s states) has(p int) bool { return s[p/64]&(1<<(p%64)) != 0 }
func (s states) set(p int)      { s[p/64] |= 1 << (p % 64) }

func (s states) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

func (g glob) newStates() states { return make(states, (len(g)+64)/64) }

func (g glob) start() states {
	s := g.newStates()
	s.set(0)
	g.closure(s)
	return s
}

// closure adds, in place, the states reachable without reading: past every
// "zero or more" token (in one ascending pass, since such moves go forward).
func (g glob) closure(s states) {
	for p := range len(g) {
		if s.has(p) && (g[p].kind == tokAnyMany || g[p].kind == tokNonSlashMany) {
			s.set(p + 1)
		}
	}
}

// step reads one character.
func (g glob) step(s states, c byte) states {
	next := g.newStates()
	for p := range len(g) {
		if !s.has(p) {
			continue
		}
		switch t := g[p]; t.kind {
		case tokLiteral:
			if c == t.c {
				next.set(p + 1)
			}
		case tokAnyOne:
			next.set(p + 1)
		case tokNonSlashOne:
			if c != '/' {
				next.set(p + 1)
			}
		case tokAnyMany:
			next.set(p)
		case tokNonSlashMany:
			if c != '/' {
				next.set(p)
			}
		}
	}
	g.closure(next)
	return next
}

func (g glob) accepts(s states) bool { return s.has(len(g)) }

// alphabet is every character the globs name, a slash, and one character
// none of them names, which stands for all the others (no glob tells them
// apart).
func alphabet(globs ...glob) []byte {
	set := []byte{'/'}
	for _, g := range globs {
		for _, t := range g {
			if t.kind == tokLiteral && !slices.Contains(set, t.c) {
				set = append(set, t.c)
			}
		}
	}
	for _, c := range []byte("xyzqjkvw0123456789abcdefghilmnoprstu") {
		if !slices.Contains(set, c) {
			set = append(set, c)
			break
		}
	}
	slices.Sort(set)
	return set
}

// maxSearchStates bounds a search: ALB and API patterns are short, so a
// real check ends far below it, and a pathological Blueprint gets no
// finding rather than a long wait.
const maxSearchStates = 20000

// globSearch explores the requests of route, character by character, with
// the states of each of the other globs alongside, and returns the
// shortest request for which found says yes. Requests with an empty path
// segment (a // or a trailing /) are passed over: no client needs one and
// API Gateway's handling of them is no guide to a route's traffic.
//
// budget, when not nil, is shared by the searches of one check and counts
// down the states they explore; when it runs out, searches find nothing.
func globSearch(route glob, others []glob, budget *int, found func(route bool, others []bool) bool) (string, bool) {
	type node struct {
		route  states
		others []states
		text   string
	}
	key := func(n node) string {
		// Whether the text ends with / is part of the state: it decides
		// whether the request may end here.
		var b strings.Builder
		if strings.HasSuffix(n.text, "/") {
			b.WriteByte('/')
		}
		for _, s := range append([]states{n.route}, n.others...) {
			for _, w := range s {
				b.WriteString(strconv.FormatUint(w, 36))
				b.WriteByte(',')
			}
		}
		return b.String()
	}
	first := node{route: route.start()}
	for _, g := range others {
		first.others = append(first.others, g.start())
	}
	chars := alphabet(append([]glob{route}, others...)...)
	seen := map[string]bool{key(first): true}
	queue := []node{first}
	for len(queue) > 0 && len(seen) < maxSearchStates {
		if budget != nil {
			if *budget <= 0 {
				return "", false
			}
			*budget--
		}
		n := queue[0]
		queue = queue[1:]
		accepted := make([]bool, len(others))
		for i, g := range others {
			accepted[i] = g.accepts(n.others[i])
		}
		if found(route.accepts(n.route), accepted) && (n.text == "/" || !strings.HasSuffix(n.text, "/")) {
			return n.text, true
		}
		for _, c := range chars {
			next := node{route: route.step(n.route, c), text: n.text + string(c)}
			if next.route.empty() || strings.HasSuffix(next.text, "//") {
				continue // no request of the route starts so
			}
			for i, g := range others {
				next.others = append(next.others, g.step(n.others[i], c))
			}
			if k := key(next); !seen[k] {
				seen[k] = true
				queue = append(queue, next)
			}
		}
	}
	return "", false
}

// prefixCovers reports, cheaply, that pattern matches every string of
// route because pattern is a literal prefix and * (/orders/*), and route
// starts with that prefix: the common case, which spares the search.
func prefixCovers(pattern, route glob) bool {
	n := len(pattern) - 1
	if n < 0 || pattern[n].kind != tokAnyMany || len(route) < n {
		return false
	}
	for i := range n {
		if pattern[i].kind != tokLiteral || route[i] != pattern[i] {
			return false
		}
	}
	return true
}

// disjoint reports, cheaply, that two globs share no string because their
// literal beginnings differ (/orders/... and /users/...): the common case,
// which spares the search.
func disjoint(a, b glob) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i].kind != tokLiteral || b[i].kind != tokLiteral {
			return false
		}
		if a[i].c != b[i].c {
			return true
		}
	}
	return false
}

// uncovered returns a request of route that none of patterns matches.
func uncovered(route glob, patterns []glob) (string, bool) {
	return globSearch(route, patterns, nil, func(r bool, others []bool) bool { return r && !slices.Contains(others, true) })
}

// hostMatches reports whether an ALB host pattern matches a host name
// (case-insensitively, as ALB compares host headers).
func hostMatches(pattern, host string) bool {
	return patternMatches(strings.ToLower(pattern), strings.ToLower(host))
}

// patternMatches reports whether an ALB pattern (* any characters, ? one)
// matches text, as it is: ALB compares paths case-sensitively.
func patternMatches(pattern, text string) bool {
	g := albGlob(pattern)
	s := g.start()
	for i := range len(text) {
		s = g.step(s, text[i])
	}
	return g.accepts(s)
}
