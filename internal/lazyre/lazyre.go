// Package lazyre is a regular expression compiled on first use. Package
// variables that hold compiled expressions are built before main runs, by
// every command of gen alike: gen version would pay for the validator's
// dozens of patterns. A lazyre.Regexp costs nothing until it matches.
package lazyre

import (
	"regexp"
	"sync"
)

// Regexp is a regular expression compiled the first time it is used. Its
// methods are those of regexp.Regexp that ecsgate uses; it is safe for
// concurrent use.
type Regexp struct {
	expr string
	re   func() *regexp.Regexp
}

// New returns the expression expr, to be compiled on first use; an invalid
// expr panics then, as regexp.MustCompile would at start.
func New(expr string) *Regexp {
	return &Regexp{expr: expr, re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })}
}

// Regexp returns the compiled expression.
func (r *Regexp) Regexp() *regexp.Regexp { return r.re() }

// String returns the source text of the expression.
func (r *Regexp) String() string { return r.expr }

// MatchString reports whether s contains a match.
func (r *Regexp) MatchString(s string) bool { return r.re().MatchString(s) }

// FindString returns the leftmost match in s.
func (r *Regexp) FindString(s string) string { return r.re().FindString(s) }

// FindStringSubmatch returns the leftmost match in s and its submatches.
func (r *Regexp) FindStringSubmatch(s string) []string { return r.re().FindStringSubmatch(s) }

// FindAllString returns up to n successive matches in s (all for n < 0).
func (r *Regexp) FindAllString(s string, n int) []string { return r.re().FindAllString(s, n) }

// FindAllStringSubmatch returns up to n successive matches in s with their
// submatches.
func (r *Regexp) FindAllStringSubmatch(s string, n int) [][]string {
	return r.re().FindAllStringSubmatch(s, n)
}

// ReplaceAllString replaces every match in src by repl, expanding $ signs.
func (r *Regexp) ReplaceAllString(src, repl string) string {
	return r.re().ReplaceAllString(src, repl)
}

// Split slices s into substrings separated by the expression.
func (r *Regexp) Split(s string, n int) []string { return r.re().Split(s, n) }

// ReplaceAllStringFunc replaces every match in src by what repl returns for
// it.
func (r *Regexp) ReplaceAllStringFunc(src string, repl func(string) string) string {
	return r.re().ReplaceAllStringFunc(src, repl)
}

// FindStringIndex returns the start and end of the leftmost match in s,
// or nil.
func (r *Regexp) FindStringIndex(s string) []int { return r.re().FindStringIndex(s) }
