// Package controls checks rendered templates against AWS Control Tower's
// proactive controls: the rules an administrator turns on as CloudFormation
// hooks, which refuse a template that breaks one before any resource is
// created. AWS publishes them as cfn-guard rules; this package reads a
// template the way those rules do and reports, resource by resource, the
// controls it does not meet, so that gen render can say so before a hook
// refuses the stack.
//
// [Table] lists every control whose resource types ecsgate creates, with
// the Security Hub controls that ask the same, the Blueprint setting that
// meets it and its cost. A control that cannot apply to this kind of
// application is met nowhere, and says why ([Control.Exception]); a few
// more are exceptions on one resource only ([Exceptions]). CI runs
// cfn-guard with AWS's rules over every golden template and requires the
// same findings as [Check].
package controls

import (
	"fmt"
	"sort"
	"strings"
)

// Control is one Control Tower proactive control.
type Control struct {
	// ID is Control Tower's identifier, CT.S3.PR.1.
	ID string
	// SecurityHub are the Security Hub controls that ask the same of a
	// deployed resource, where there are.
	SecurityHub []string
	// Asks is what the control requires, in a few words.
	Asks string
	// Types are the resource types it checks.
	Types []string
	// Setting is how a Blueprint meets it: "always" when every template
	// does, else the fields (and the security level) that turn it on.
	Setting string
	// Cost is what meeting it costs, in money or in what the application
	// must do.
	Cost string
	// Exception, when set, is why no template meets it: the control asks
	// for something this kind of application cannot have.
	Exception string
	// check returns why the resource does not meet the control, or "" when
	// it does.
	check func(t *Template, r Resource) string
}

// Exception is a control one resource does not meet on purpose.
type Exception struct {
	// Control is the control's ID; Resource the resource's logical ID.
	Control, Resource string
	// Reason is why, with the AWS rule behind it.
	Reason string
}

// Finding is a control a resource of a template does not meet.
type Finding struct {
	// File is the template's file, when the finding was made on one of
	// several ([CheckFiles]).
	File string
	// Control is the control's ID, Resource the resource's logical ID.
	Control, Resource string
	// Why says what in the resource breaks the control.
	Why string
	// Exception is the reason it is an exception, or empty for a choice
	// of the Blueprint (a control it did not turn on).
	Exception string
}

// String is the finding on one line.
func (f Finding) String() string {
	s := f.Control + " " + f.where() + ": " + f.Why
	if f.Exception != "" {
		s += " (exception: " + f.Exception + ")"
	}
	return s
}

// Lookup returns the control with the ID, or nil.
func Lookup(id string) *Control {
	for i := range Table {
		if Table[i].ID == id {
			return &Table[i]
		}
	}
	return nil
}

// Check returns the controls the template does not meet, by control and
// resource, in that order.
func Check(t *Template) []Finding {
	ids := make([]string, 0, len(t.Resources))
	for id := range t.Resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var findings []Finding
	for i := range Table {
		c := &Table[i]
		for _, id := range ids {
			r := t.Resources[id]
			if !c.applies(r.Type) {
				continue
			}
			why := "the resource has no Properties"
			if !r.Bare {
				why = c.check(t, r)
			}
			if why != "" {
				findings = append(findings, Finding{Control: c.ID, Resource: id, Why: why, Exception: exceptionOf(c, id)})
			}
		}
	}
	return findings
}

// CheckFile parses a template file and checks it.
func CheckFile(data []byte) ([]Finding, error) {
	t, err := Parse(data)
	if err != nil {
		return nil, err
	}
	return Check(t), nil
}

// CheckFiles checks the templates among the named files (name to
// contents) and returns their findings, by file (in the order given), then
// control and resource.
func CheckFiles(names []string, data map[string][]byte) ([]Finding, error) {
	var all []Finding
	for _, name := range names {
		findings, err := CheckFile(data[name])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for i := range findings {
			findings[i].File = name
		}
		all = append(all, findings...)
	}
	return all, nil
}

// where names the finding's resource, with its file when there is one
// other than the main template.
func (f Finding) where() string {
	if f.File == "" || f.File == "template.yaml" {
		return f.Resource
	}
	return f.File + ": " + f.Resource
}

func (c *Control) applies(typ string) bool {
	for _, t := range c.Types {
		if t == typ {
			return true
		}
	}
	return false
}

// exceptionOf is the reason the resource is an exception to the control,
// or "".
func exceptionOf(c *Control, resource string) string {
	if c.Exception != "" {
		return c.Exception
	}
	for _, e := range Exceptions {
		if e.Control == c.ID && e.Resource == resource {
			return e.Reason
		}
	}
	return ""
}

// Summary tells in a few lines which controls the findings are of, one
// line per control: the Blueprint's choices first, then the exceptions.
// Each line names at most summaryResources resources and counts the rest, so
// that a 200-service application still gets a few lines.
func Summary(findings []Finding) []string {
	type group struct {
		resources []string
		why       string
		exception string
	}
	groups := map[string]*group{}
	var order []string
	for _, f := range findings {
		g := groups[f.Control]
		if g == nil {
			g = &group{why: f.Why, exception: f.Exception}
			groups[f.Control] = g
			order = append(order, f.Control)
		}
		g.resources = append(g.resources, f.where())
	}
	sort.SliceStable(order, func(i, j int) bool {
		return groups[order[i]].exception == "" && groups[order[j]].exception != ""
	})
	var lines []string
	for _, id := range order {
		g, c := groups[id], Lookup(id)
		line := fmt.Sprintf("%s (%s): %s", id, c.Asks, shortList(g.resources))
		if g.exception != "" {
			line += " - exception: " + g.exception
		} else {
			line += " - " + g.why + "; meet it with " + c.Setting
		}
		lines = append(lines, line)
	}
	return lines
}

// summaryResources is how many resources a line of Summary names.
const summaryResources = 3

// shortList names the first resources and counts the others.
func shortList(resources []string) string {
	if len(resources) <= summaryResources {
		return strings.Join(resources, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(resources[:summaryResources], ", "), len(resources)-summaryResources)
}
