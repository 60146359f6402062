package ecsgate

import (
	"fmt"
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
	var all []controls.Finding
	for _, f := range files {
		if !f.IsTemplate() {
			continue
		}
		findings, err := checkTemplate(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		for i := range findings {
			findings[i].File = f.Name
		}
		all = append(all, findings...)
	}
	return all, nil
}

// checkTemplate checks one template, from the nodes it was written from
// when the render kept them (parsing the text again would cost a small
// render's worth of time), else from its text.
func checkTemplate(f File) ([]controls.Finding, error) {
	if f.tree != nil {
		return controls.Check(controls.FromNode(f.tree)), nil
	}
	return controls.CheckFile(f.Data)
}
