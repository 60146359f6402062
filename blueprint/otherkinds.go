package blueprint

import (
	"fmt"

	"gopkg.in/yaml.v3"
)

// otherKind is a kind of file a newcomer passes where a Blueprint belongs:
// the service manifest of the tool they come from, the template gen wrote,
// a task definition. Field by field, such a file gives a dozen unknown
// fields and guesses ("cpu: did you mean api?"); said once, it gives what
// the file is and where its contents go in a Blueprint.
type otherKind struct {
	// is returns the key node that tells the file's kind and what the file
	// is, or ok false.
	is func(root *yaml.Node) (at *yaml.Node, what string, ok bool)
	// fix says where the file's contents go.
	fix func(root *yaml.Node) string
}

// startBlueprint is how the fixes of otherKinds end: what a Blueprint is and
// where to start one.
const startBlueprint = "a Blueprint is one file for the whole application: name, then services, each with cpu, memory and containers; gen examples lists complete ones to start from"

// convertCopilot is what to do with the manifest of a workload or an
// environment a Blueprint describes.
const convertCopilot = "gen from-copilot, run in the folder that holds copilot/, writes the application's Blueprint from its manifests; " + DocsFromCopilot + " says how"

// copilotTypes are the workload and environment types of AWS Copilot's
// manifests (with the names of its first manifests), with where each goes
// in a Blueprint.
var copilotTypes = map[string]string{
	"Load Balanced Web Service":  convertCopilot,
	"Backend Service":            convertCopilot,
	"Environment":                convertCopilot,
	"Load Balanced Web App":      convertCopilot,
	"Backend App":                convertCopilot,
	"Worker Service":             convertCopilot,
	"Scheduled Job":              convertCopilot,
	"Static Site":                "a Blueprint has no counterpart for a Static Site; " + startBlueprint,
	"Request-Driven Web Service": "a Blueprint has no counterpart for a Request-Driven Web Service (App Runner); " + startBlueprint,
}

// otherKinds are the kinds recognised, in order.
var otherKinds = []otherKind{
	{ // an AWS Copilot manifest: a type Copilot knows
		is: func(root *yaml.Node) (*yaml.Node, string, bool) {
			k, v := topLevel(root, "type")
			if v == nil || v.Kind != yaml.ScalarNode || copilotTypes[v.Value] == "" {
				return nil, "", false
			}
			return k, fmt.Sprintf("an AWS Copilot manifest (type: %s)", v.Value), true
		},
		fix: func(root *yaml.Node) string {
			_, v := topLevel(root, "type")
			return copilotTypes[v.Value]
		},
	},
	{ // a CloudFormation template, such as the one gen wrote
		is: func(root *yaml.Node) (*yaml.Node, string, bool) {
			for _, key := range []string{"AWSTemplateFormatVersion", "Resources"} {
				if k, _ := topLevel(root, key); k != nil {
					return k, "a CloudFormation template", true
				}
			}
			return nil, "", false
		},
		fix: func(*yaml.Node) string {
			return "gen writes templates from a Blueprint: give gen the Blueprint, or compare two templates with gen diff OLD.yaml NEW.yaml"
		},
	},
	{ // a Kubernetes manifest
		is: func(root *yaml.Node) (*yaml.Node, string, bool) {
			k, _ := topLevel(root, "apiVersion")
			_, kind := topLevel(root, "kind")
			if k == nil || kind == nil || kind.Kind != yaml.ScalarNode {
				return nil, "", false
			}
			return k, fmt.Sprintf("a Kubernetes manifest (kind: %s)", kind.Value), true
		},
		fix: func(root *yaml.Node) string {
			if _, kind := topLevel(root, "kind"); kind.Value != "Deployment" {
				return startBlueprint
			}
			return "a Deployment's containers are a service's containers, its replicas the service's count, and a container's probes its health checks; " + startBlueprint
		},
	},
	{ // an ECS task definition, as the console and the API write it
		is: func(root *yaml.Node) (*yaml.Node, string, bool) {
			k, _ := topLevel(root, "containerDefinitions")
			return k, "an ECS task definition", k != nil
		},
		fix: func(*yaml.Node) string {
			return "gen writes the task definition: its containerDefinitions are a service's containers, and its cpu and memory the service's; " + startBlueprint
		},
	},
}

// otherKindOf reports a file of another kind than a Blueprint: the key that
// tells, what the file is and where its contents go.
func otherKindOf(root *yaml.Node) (at *yaml.Node, what, fix string, ok bool) {
	for _, k := range otherKinds {
		if at, what, ok := k.is(root); ok {
			return at, what, k.fix(root), true
		}
	}
	return nil, "", "", false
}

// topLevel returns the key and value nodes of key in mapping m, or nils.
func topLevel(m *yaml.Node, key string) (k, v *yaml.Node) {
	i := keyIndex(m, key)
	if i < 0 {
		return nil, nil
	}
	return m.Content[i], resolve(m.Content[i+1])
}
