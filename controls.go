package ecsgate

import (
	"fmt"
	"strings"

	"github.com/ecsgate/ecsgate/controls"
	"github.com/ecsgate/ecsgate/internal/sidebyside"
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
	// The templates are checked side by side (a nested application has
	// hundreds), their findings kept in the files' order.
	found := make([][]controls.Finding, len(files))
	errs := make([]error, len(files))
	sidebyside.Each(len(files), func(i int) {
		if files[i].IsTemplate() {
			found[i], errs[i] = checkTemplate(files[i])
		}
	})
	var all []controls.Finding
	for i, f := range files {
		if errs[i] != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, errs[i])
		}
		for j := range found[i] {
			found[i][j].File = f.Name
		}
		all = append(all, found[i]...)
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
