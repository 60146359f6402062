package blueprint

import "strings"

// DocsBase is where a user reads ecsgate's documentation: the docs folder of
// this repository on GitHub. Messages link there rather than name
// docs/NAME.md, which exists only in a clone of the repository, not beside a
// gen installed with go install.
const DocsBase = "https://github.com/ecsgate/ecsgate/blob/main/docs/"

// The pages messages send a user to, each a file under docs/ (TestDocsPages
// checks that it exists).
const (
	DocsAPI            = DocsBase + "api.md"
	DocsAPIDesignFirst = DocsBase + "api-design-first.md"
	DocsFromCopilot    = DocsBase + "from-copilot.md"
	DocsNetworking     = DocsBase + "networking.md"
	DocsOperating      = DocsBase + "operating.md"
	DocsOverrides      = DocsBase + "overrides.md"
	DocsPipeline       = DocsBase + "pipeline.md"
	DocsSecurity       = DocsBase + "security.md"
)

// docsLinked replaces each docs/NAME.md that a doc comment names, a path
// that reads right in the source, with the page's link under [DocsBase], for
// the schema's descriptions that editors show wherever the Blueprint is.
func docsLinked(doc string) string {
	var b strings.Builder
	for {
		i := strings.Index(doc, "docs/")
		if i < 0 {
			b.WriteString(doc)
			return b.String()
		}
		b.WriteString(doc[:i])
		b.WriteString(DocsBase)
		doc = doc[i+len("docs/"):]
	}
}
