package ecsgate

import (
	"strings"

	"github.com/ecsgate/ecsgate/controls"
)

// IsTemplate reports whether the file is a CloudFormation template: the
// application's, a nested stack's, the shared stack's or the pipeline's.
func (f File) IsTemplate() bool { return IsTemplateName(f.Name) }

// IsTemplateName reports whether a rendered file of that name is a
// CloudFormation template.
func IsTemplateName(name string) bool {
	return name == TemplateFile || name == SharedFile || name == PipelineFile ||
		strings.HasPrefix(name, StacksDir+"/")
}

// UnmetControls returns the AWS Control Tower proactive controls the
// templates among files do not meet, resource by resource: what a hook an
// administrator turned on would refuse. Under security: strict only the
// exceptions remain, each with its reason.
func UnmetControls(files []File) ([]controls.Finding, error) {
	var names []string
	data := map[string][]byte{}
	for _, f := range files {
		if f.IsTemplate() {
			names = append(names, f.Name)
			data[f.Name] = f.Data
		}
	}
	return controls.CheckFiles(names, data)
}
