package blueprint

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// Override operations (RFC 6902).
var overrideOps = []string{"add", "remove", "replace", "move", "copy", "test"}

// jsonPointer is an RFC 6901 pointer: "" or /-separated tokens in which ~ is
// written ~0 and / is written ~1.
var jsonPointer = lazyre.New(`^(/([^~/]|~[01])*)*$`)

// environments checks the environments' names: each names a folder of gen's
// output and prefixes the environment's problems.
func (v *validator) environments() {
	for _, name := range v.b.EnvironmentNames() {
		if !environmentName.MatchString(name) {
			v.add(joinPath("environments", name), environmentNameFix(name, v.b.Environments),
				"%q is not an environment name", name)
		}
	}
}

// environmentNameFix is the fix for name, refused as an environment's:
// the name written in lowercase with each run of other characters a
// hyphen (Prod_EU is prod-eu), unless that is refused too or another
// environment's.
func environmentNameFix(name string, environments map[string]Overlay) string {
	rule := fmt.Sprintf("1-%d lowercase letters, digits and hyphens, starting with a letter", maxEnvironmentName)
	meant := hyphenatedWithin(strings.ToLower(name), isLowerOrDigit, maxEnvironmentName)
	if _, taken := environments[meant]; taken || !environmentName.MatchString(meant) {
		return "use " + rule + " (dev, staging, prod)"
	}
	return fmt.Sprintf("write %q: %s", meant, rule)
}

// overrideOpWords are the words other tools use where JSON Patch has an op
// (Kustomize and CDK's addOverride set and delete), by the op they mean.
var overrideOpWords = map[string]string{
	"set": "replace", "update": "replace", "put": "replace", "modify": "replace", "change": "replace", "merge": "replace", "override": "replace",
	"delete": "remove", "del": "remove", "unset": "remove", "drop": "remove",
	"insert": "add", "append": "add", "create": "add",
	"rename": "move", "duplicate": "copy",
}

// overrideOpFix is the fix for op, which JSON Patch does not have: the op
// written in lowercase, the op another tool's word means, or one a slip
// away.
func overrideOpFix(op string) string {
	lower := strings.ToLower(op)
	meant, other := overrideOpWords[lower]
	switch {
	case slices.Contains(overrideOps, lower):
		return "write op: " + lower + " (JSON Patch's ops are lowercase)"
	case other && meant == "replace":
		return "write op: replace where the template has the value, or op: add where it does not yet"
	case other:
		return "write op: " + meant
	}
	return choiceFix(op, overrideOps)
}

// pointerFix is the fix for p, a path that is no JSON Pointer: the pointer
// a path written with dots (Resources.ApiService.Properties, as CDK's
// addOverride writes one), after $. (JSONPath) or without its leading /
// stands for; how to write one otherwise.
func pointerFix(p string) string {
	const how = "write a JSON Pointer: /-separated, each ~ written ~0 and each / inside a name ~1"
	rest := strings.TrimPrefix(p, "$.")
	switch {
	case !strings.Contains(rest, "/"):
		rest = strings.ReplaceAll(rest, ".", "/")
	case strings.Contains(rest, "."):
		// Dots and slashes (paths./orders.get): which separate names
		// cannot be told.
		return how
	}
	if meant := "/" + strings.TrimPrefix(rest, "/"); rest != "" && jsonPointer.MatchString(meant) && !strings.Contains(meant, "//") {
		return fmt.Sprintf("write %q: a JSON Pointer starts with / and separates names with /", meant)
	}
	return how
}

// overrides checks JSON Patch operations: a known op, pointers, a value where
// the op needs one, and (for templates) a file gen writes. Whether the
// pointers exist in the rendered file is checked when it is rendered.
func (v *validator) overrides(field string, list []Override, templates bool) {
	for i, o := range list {
		path := indexPath(field, i)
		switch {
		case o.Op == "" && !v.raw.src.written(path+".op"):
			// CDK's addOverride and a plain path: value pair have no op.
			v.add(path+".op", "write op: replace where the template has the value, op: add where it does not yet, or op: remove", "is required")
		case !slices.Contains(overrideOps, o.Op):
			v.add(path+".op", overrideOpFix(o.Op), "%q is not allowed", o.Op)
		}
		switch {
		case o.Path == "" && o.Op != "test":
			v.add(path+".path", "give a JSON Pointer such as /Resources/ApiService/Properties/DesiredCount", "is required")
		case !jsonPointer.MatchString(o.Path):
			v.add(path+".path", pointerFix(o.Path), "%q is not a JSON Pointer", o.Path)
		}
		switch o.Op {
		case "move", "copy":
			if !jsonPointer.MatchString(o.From) || o.From == "" {
				v.add(path+".from", "give the pointer to "+o.Op+" from", "%s needs from, a JSON Pointer", o.Op)
			}
		default:
			if o.From != "" && slices.Contains(overrideOps, o.Op) { // another op has its own problem
				v.add(path+".from", "remove from", "only move and copy take from")
			}
		}
		switch o.Op {
		case "add", "replace", "test":
			if o.Value == nil {
				v.add(path+".value", "give the value to "+o.Op, "%s needs a value", o.Op)
			}
		case "remove", "move", "copy":
			if o.Value != nil {
				v.add(path+".value", "remove value", "%s takes no value", o.Op)
			}
		}
		if templates && (o.Op == "add" || o.Op == "replace") {
			v.overrideSecrets(path+".value", o)
		}
		switch {
		case !templates && o.Template != "":
			v.add(path+".template", "remove template: apiOverrides apply to the OpenAPI document", "applies to templates only")
		case templates && o.Template != "" && o.Template != TemplateFile:
			v.overrideTemplate(path+".template", o.Template)
		}
	}
}

// overrideSecrets refuses an override that writes a container's
// environment variable whose name looks like a secret's, or whose value is
// a URL with a password: the template would hold the value, as a
// container's environment in the Blueprint would, and the same rule
// applies. The variables are the {Name, Value} entries of an Environment
// list, in the value or where the path points.
func (v *validator) overrideSecrets(path string, o Override) {
	var names []string
	var visit func(x any, inEnvironment bool)
	visit = func(x any, inEnvironment bool) {
		switch x := x.(type) {
		case map[string]any:
			name, _ := x["Name"].(string)
			value, _ := x["Value"].(string)
			if inEnvironment && name != "" && (secretLookingName.MatchString(name) || hasURLPassword(value)) {
				names = append(names, name)
			}
			for _, k := range sortedKeys(x) {
				visit(x[k], inEnvironment || k == "Environment")
			}
		case []any:
			for _, item := range x {
				visit(item, inEnvironment)
			}
		case string:
			// The value of one variable, where the path points at it.
			if strings.Contains(o.Path, "/Environment/") && strings.HasSuffix(o.Path, "/Value") && hasURLPassword(x) {
				names = append(names, "the variable at "+o.Path)
			}
		}
	}
	visit(o.Value, strings.Contains(o.Path, "/Environment"))
	if len(names) > 0 {
		// The value is not repeated: it may be the secret.
		v.add(path, "inject it from services[].containers[].secrets: ECS reads it from Parameter Store or Secrets Manager when the task starts",
			"%s looks like a secret (its name, or a URL with a password), and an override's value is written into the template", strings.Join(names, ", "))
	}
}

// overrideTemplate checks that an override names a template gen writes:
// a nested stack's stacks/<service>.yaml with stacks: nested, or
// pipeline.yaml with a pipeline.
func (v *validator) overrideTemplate(path, file string) {
	if slices.Contains(v.b.TemplateFiles(), file) {
		return
	}
	service, ok := strings.CutPrefix(file, StacksDir+"/")
	service, ok2 := strings.CutSuffix(service, ".yaml")
	switch {
	case file == PipelineFile:
		v.add(path, "add a pipeline, or address "+TemplateFile, "%q is the pipeline's template, and the Blueprint has no pipeline", file)
	case !ok || !ok2:
		v.add(path, fmt.Sprintf("write %s, %s/<service>.yaml for a nested stack or %s for the pipeline", TemplateFile, StacksDir, PipelineFile), "%q is not a file gen writes", file)
	case v.b.Stacks != StacksNested:
		v.add(path, "set stacks: nested, or address "+TemplateFile, "%q is a nested stack's template, and the Blueprint renders one template", file)
	default:
		v.add(path, nameFix(service, namesOf(v.b.Services, serviceName), "name the stack of one of the services"), "there is no service %q, so no %s", service, file)
	}
}
