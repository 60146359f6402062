package blueprint

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong with a Blueprint: where it is, what is wrong and how
// to fix it.
// Its JSON form is what gen validate --format json prints.
type Problem struct {
	// File is the Blueprint's file name; empty for a Blueprint built in Go.
	File string `json:"file"`
	// Line locates the offending YAML node (1-based); zero when unknown.
	Line int `json:"line"`
	// Column locates the offending YAML node (1-based); zero when unknown.
	Column int `json:"column"`
	// Path is the field path, e.g. services[0].containers[1].port.
	Path string `json:"path"`
	// Message says what is wrong.
	Message string `json:"message"`
	// Fix says how to fix it.
	Fix string `json:"fix"`
	// Env names the environment the problem is in; empty for the base.
	Env string `json:"env,omitempty"`
	// Warning marks a choice that is valid but rarely meant: gen says so
	// and goes on.
	Warning bool `json:"warning,omitempty"`
}

// String formats the problem as "file:line:col: path: message (fix)", with
// the environment's name before the path for a problem of an environment.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", p.Line, p.Column)
		}
		b.WriteString(": ")
	}
	if p.Warning {
		b.WriteString("warning: ")
	}
	if p.Env != "" {
		b.WriteString(p.Env)
		b.WriteString(": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	if p.Fix != "" {
		b.WriteString(" (")
		b.WriteString(p.Fix)
		b.WriteString(")")
	}
	return b.String()
}

// Problems is every problem found in a Blueprint. It is the error type returned
// by [Parse], [Load] and [Blueprint.Validate].
type Problems []Problem

// Error lists the problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sort orders problems by position, then path, then message, so that output is
// stable whatever order the checks ran in.
func (ps Problems) sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Message < b.Message
	})
}

// asError returns nil for no problems, so callers can return it directly.
func (ps Problems) asError() error {
	if len(ps) == 0 {
		return nil
	}
	ps.sort()
	return ps
}

// position is a line and column in the Blueprint file.
type position struct {
	line, col int
	// file, when set, is another file than the Blueprint's: an operation of
	// the API document, which the route at this path was derived from.
	file string
	// label replaces the path in problems: the operation, as the
	// document's author knows it (GET /orders/{id}).
	label string
}

// source remembers, for a parsed Blueprint, where each field path was written
// and which paths failed to decode.
type source struct {
	file string
	pos  map[string]position
	bad  map[string]bool
	// nulls are the paths of values written as nothing (KEY: with no
	// value), which decode as empty.
	nulls map[string]bool
	root  *yaml.Node // the document, for merging environments
	env   string     // the environment this Blueprint is, if any
	// baseName is the name of the Blueprint an environment was merged
	// from: an environment that keeps it gets a stack named after both.
	baseName string
	// files reads the files the Blueprint names (api.openapi), relative
	// to its own directory.
	files fileReader
	// document is the API document api.openapi names, once read.
	document *APIDocument
}

// fileName is the source's file name; empty for a Blueprint built in Go.
func (s *source) fileName() string {
	if s == nil {
		return ""
	}
	return s.file
}

func newSource(file string) *source {
	return &source{file: file, pos: map[string]position{}, bad: map[string]bool{}, nulls: map[string]bool{}}
}

// locate fills in the file position of p from its path: the exact node when the
// field was written, else the nearest enclosing one (a missing field is reported
// at the mapping that should hold it). A problem already placed in a file the
// Blueprint names (the API document) keeps its place and gets the environment.
func (s *source) locate(p *Problem) {
	if s == nil {
		return
	}
	p.Env = s.env
	if p.File != "" && p.Line > 0 {
		return
	}
	p.File = s.file
	for path := p.Path; ; path = parentPath(path) {
		if pos, ok := s.pos[path]; ok {
			p.Line, p.Column = pos.line, pos.col
			if pos.file != "" {
				p.File = pos.file
				p.Path = pos.label + strings.TrimPrefix(p.Path, path)
			}
			return
		}
		if path == "" {
			p.Line, p.Column = 1, 1
			return
		}
	}
}

// label is what problems call the field at path when it was derived from
// another file (the operation GET /orders/{id} for api.routes[2]), "" when
// they call it by its path.
func (s *source) label(path string) string {
	if s == nil {
		return ""
	}
	return s.pos[path].label
}

// written reports whether the field at path was written in the source (a
// Blueprint built in Go has none).
func (s *source) written(path string) bool {
	if s == nil {
		return false
	}
	_, ok := s.pos[path]
	return ok
}

// covers reports whether path lies at or under a path that failed to decode, so
// that validation does not repeat a decode error in other words.
func (s *source) covers(path string) bool {
	if s == nil {
		return false
	}
	for p := path; ; p = parentPath(p) {
		if s.bad[p] {
			return true
		}
		if p == "" {
			return false
		}
	}
}

// parentPath strips the last segment: "a.b[2]" -> "a.b", "a.b" -> "a", "a" -> "".
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// joinPath appends a field name to a path.
func joinPath(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// indexPath appends a list index to a path.
func indexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// IndexPath appends a list index to a field path: IndexPath("overrides", 2)
// is overrides[2], the form problems name list entries in.
func IndexPath(path string, i int) string { return indexPath(path, i) }

// Plural is "s" for a count other than one, to follow a noun in a message
// (1 problem, 2 problems).
func Plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
