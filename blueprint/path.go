package blueprint

import (
	"slices"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// PathSegment is one slash-separated part of a route path.
type PathSegment struct {
	// Name is the literal text, or the parameter name without braces and "+".
	Name string
	// Param is true for {name} and {name+}.
	Param bool
	// Greedy is true for {name+}, which matches the rest of the path.
	Greedy bool
}

// SplitPath splits a route path into segments; "/" has none.
func SplitPath(path string) []PathSegment {
	// Sized for every part, and no list of the parts' texts in between: a
	// large API splits each of its thousands of paths several times.
	segments := make([]PathSegment, 0, strings.Count(path, "/")+1)
	for part := range strings.SplitSeq(path, "/") {
		if part == "" {
			continue
		}
		s := PathSegment{Name: part}
		if inner, ok := strings.CutPrefix(part, "{"); ok && strings.HasSuffix(inner, "}") {
			inner = strings.TrimSuffix(inner, "}")
			s.Param = true
			s.Name, s.Greedy = strings.CutSuffix(inner, "+")
		}
		segments = append(segments, s)
	}
	return segments
}

var (
	// API Gateway resource path parts: letters, digits and a few punctuation
	// characters, or a {param} / {param+} variable.
	paramSegment = lazyre.New(`^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$`)
)

// isLiteralSegment reports whether part is a literal API Gateway resource
// path part, as literalSegmentPattern says: checked byte by byte, since a
// large API checks thousands.
func isLiteralSegment(part string) bool {
	return part != "" && allBytes(part, func(c byte) bool {
		return isLowerOrDigit(c) || isUpper(c) || strings.IndexByte("._~:@-", c) >= 0
	})
}

// literalSegmentPattern is the characters of a literal path part.
const literalSegmentPattern = `^[A-Za-z0-9._~:@-]+$`

// pathProblem describes what is wrong with a route path, or returns "".
func pathProblem(path string) (problem, fix string) {
	if !strings.HasPrefix(path, "/") {
		return "does not start with /", "write the path as /" + strings.TrimLeft(path, "/")
	}
	if path == "/" {
		return "", ""
	}
	if strings.HasSuffix(path, "/") {
		return "ends with /", "remove the trailing slash: API Gateway has no empty path parts"
	}
	parts := strings.Split(path[1:], "/")
	seen := map[string]bool{}
	for i, part := range parts {
		if part == "" {
			return "has an empty part (//)", "remove the doubled slash"
		}
		if m := paramSegment.FindStringSubmatch(part); m != nil {
			if seen[m[1]] {
				return "uses the parameter {" + m[1] + "} twice", "give each parameter its own name"
			}
			seen[m[1]] = true
			if m[2] == "+" && i != len(parts)-1 {
				return "has the greedy " + part + " before the last part", "put " + part + " last: it matches the rest of the path"
			}
			continue
		}
		if strings.ContainsAny(part, "{}") {
			return "has a malformed parameter " + part, "write a parameter as {name} or, last, {name+}"
		}
		if !isLiteralSegment(part) {
			problem := "has the part " + part + " with characters API Gateway does not accept"
			switch name, ok := otherParameter(part); {
			case (part == "*" || part == "**") && i == len(parts)-1:
				// An ALB's or a web framework's wildcard for the rest of the path.
				return problem, "API Gateway matches the rest of the path with a greedy parameter: write " + withPart(parts, i, "{proxy+}")
			case ok:
				return problem, "API Gateway writes a path parameter in braces: write " + withPart(parts, i, "{"+name+"}")
			}
			return problem, "use letters, digits and . _ ~ : @ -"
		}
	}
	return "", ""
}

// otherParameter reads a path parameter as other tools write it: <id>
// (Flask, Spring's templates in angle brackets) or :id (Express, Rails),
// and returns its name.
func otherParameter(part string) (name string, ok bool) {
	switch {
	case len(part) > 2 && part[0] == '<' && part[len(part)-1] == '>':
		name = part[1 : len(part)-1]
		if _, after, typed := strings.Cut(name, ":"); typed {
			name = after // Flask's <int:id>
		}
	case len(part) > 1 && part[0] == ':':
		name = part[1:]
	default:
		return "", false
	}
	return name, paramSegment.MatchString("{" + name + "}")
}

// withPart is the path of parts with part i replaced.
func withPart(parts []string, i int, part string) string {
	return "/" + strings.Join(slices.Concat(parts[:i], []string{part}, parts[i+1:]), "/")
}
