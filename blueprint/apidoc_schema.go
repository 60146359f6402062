package blueprint

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/internal/yamlout"

	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// eachSchema calls fn on every schema object of the document, outermost
// first, with a readable path: the components' schemas, parameters,
// headers, request bodies and responses, and the paths' operations. fn
// returns false to skip the schema's subschemas.
func eachSchema(root *yaml.Node, fn func(s *yaml.Node, where string) bool) {
	var schema func(s *yaml.Node, where string)
	schema = func(s *yaml.Node, where string) {
		if s == nil || s.Kind != yaml.MappingNode || !fn(s, where) {
			return
		}
		for _, key := range []string{"items", "not", "additionalProperties", "contains", "if", "then", "else", "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentSchema"} {
			schema(yamlout.Value(s, key), where+"."+key)
		}
		for _, key := range []string{"allOf", "anyOf", "oneOf", "prefixItems"} {
			if l := yamlout.Value(s, key); l != nil {
				for i, c := range l.Content {
					schema(c, indexPath(where+"."+key, i))
				}
			}
		}
		for _, key := range []string{"properties", "patternProperties", "$defs", "dependentSchemas"} {
			eachEntry(yamlout.Value(s, key), func(name string, c *yaml.Node) { schema(c, where+"."+key+"."+name) })
		}
	}
	content := func(n *yaml.Node, where string) {
		eachEntry(yamlout.Value(n, "content"), func(mt string, m *yaml.Node) { schema(yamlout.Value(m, "schema"), where+".content."+mt+".schema") })
	}
	parameter := func(p *yaml.Node, where string) {
		schema(yamlout.Value(p, "schema"), where+".schema")
		content(p, where)
	}
	response := func(r *yaml.Node, where string) {
		content(r, where)
		eachEntry(yamlout.Value(r, "headers"), func(h string, x *yaml.Node) { parameter(x, where+".headers."+h) })
	}
	components := yamlout.Value(root, "components")
	eachEntry(yamlout.Value(components, "schemas"), func(name string, s *yaml.Node) { schema(s, "components.schemas."+name) })
	eachEntry(yamlout.Value(components, "parameters"), func(name string, p *yaml.Node) { parameter(p, "components.parameters."+name) })
	eachEntry(yamlout.Value(components, "headers"), func(name string, p *yaml.Node) { parameter(p, "components.headers."+name) })
	eachEntry(yamlout.Value(components, "requestBodies"), func(name string, b *yaml.Node) { content(b, "components.requestBodies."+name) })
	eachEntry(yamlout.Value(components, "responses"), func(name string, r *yaml.Node) { response(r, "components.responses."+name) })
	eachEntry(yamlout.Value(root, "paths"), func(p string, item *yaml.Node) {
		where := "paths." + p
		if l := yamlout.Value(item, "parameters"); l != nil {
			for i, x := range l.Content {
				parameter(x, indexPath(where+".parameters", i))
			}
		}
		for _, m := range OperationKeys {
			op := yamlout.Value(item, m)
			if op == nil {
				continue
			}
			ow := OperationMethod(m) + " " + p
			if l := yamlout.Value(op, "parameters"); l != nil {
				for i, x := range l.Content {
					parameter(x, indexPath(ow+".parameters", i))
				}
			}
			content(yamlout.Value(op, "requestBody"), ow+".requestBody")
			eachEntry(yamlout.Value(op, "responses"), func(code string, r *yaml.Node) { response(r, ow+".responses."+code) })
		}
	})
}

// eachEntry calls fn on each entry of a mapping node.
func eachEntry(n *yaml.Node, fn func(key string, v *yaml.Node)) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		fn(n.Content[i].Value, n.Content[i+1])
	}
}

// only31 are JSON Schema 2020-12 keywords that OpenAPI 3.0's schema
// object does not have and API Gateway's draft 4 models cannot express.
var only31 = []string{"prefixItems", "contains", "minContains", "maxContains", "if", "then", "else", "dependentRequired", "dependentSchemas", "unevaluatedItems", "unevaluatedProperties", "patternProperties", "propertyNames", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$id", "$schema", "$comment", "contentEncoding", "contentMediaType", "contentSchema"}

// convert31 rewrites a 3.1 document as the OpenAPI 3.0 API Gateway
// imports, where 3.0 has an exact equivalent, and refuses the rest at its
// position with the rewrite to make: a constraint is never dropped.
func (r *docReader) convert31(root *yaml.Node) {
	for _, key := range []string{"webhooks", "jsonSchemaDialect"} {
		if k := yamlout.Key(root, key); k != nil {
			r.problem(r.name, k, key, "remove it: API Gateway imports OpenAPI 3.0, which has no "+key, "%s is OpenAPI 3.1 only", key)
		}
	}
	if k := yamlout.Key(yamlout.Value(root, "components"), "pathItems"); k != nil {
		r.problem(r.name, k, "components.pathItems", "write the path items under paths", "components.pathItems is OpenAPI 3.1 only")
	}
	info := yamlout.Value(root, "info")
	if k := yamlout.Key(info, "summary"); k != nil {
		r.problem(r.name, k, "info.summary", "move it into info.description", "info.summary is OpenAPI 3.1 only")
	}
	if k := yamlout.Key(yamlout.Value(info, "license"), "identifier"); k != nil {
		r.problem(r.name, k, "info.license.identifier", "write the license's url instead", "info.license.identifier is OpenAPI 3.1 only")
	}
	eachSchema(root, func(s *yaml.Node, where string) bool {
		r.convertSchema(s, where)
		return true
	})
	v := yamlout.Value(root, "openapi")
	v.Value, v.Tag, v.Style = "3.0.3", "!!str", 0
}

// convertSchema converts one 3.1 schema object in place.
func (r *docReader) convertSchema(s *yaml.Node, where string) {
	for _, key := range only31 {
		if k := yamlout.Key(s, key); k != nil {
			r.problem(r.name, k, where+"."+key, "express it with OpenAPI 3.0's schema keywords, or remove it and check it in the service", "%s is JSON Schema 2020-12, which OpenAPI 3.0 and API Gateway's draft 4 models do not have", key)
		}
	}
	if t := yamlout.Value(s, "type"); t != nil {
		r.convertType(s, t, where)
	}
	if k := yamlout.Key(s, "const"); k != nil {
		if yamlout.Key(s, "enum") != nil {
			r.problem(r.name, k, where+".const", "keep const or enum, not both", "const beside enum has no OpenAPI 3.0 form")
		} else {
			v := yamlout.Value(s, "const")
			k.Value = "enum"
			yamlout.Set(s, "enum", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{v}, Line: v.Line, Column: v.Column})
		}
	}
	if k := yamlout.Key(s, "examples"); k != nil {
		v := yamlout.Value(s, "examples")
		switch {
		case v.Kind != yaml.SequenceNode:
		case len(v.Content) == 1:
			k.Value = "example"
			yamlout.Set(s, "example", v.Content[0])
		case len(v.Content) == 0:
			yamlout.DeleteKey(s, "examples")
		default:
			r.problem(r.name, k, where+".examples", "keep one as example: and move the others to the media type's examples", "a schema with %d examples: OpenAPI 3.0 has one example per schema", len(v.Content))
		}
	}
	for _, bound := range []string{"Minimum", "Maximum"} {
		key := "exclusive" + bound
		v := yamlout.Value(s, key)
		if v == nil || v.Tag == "!!bool" {
			continue
		}
		plain := strings.ToLower(bound)
		if yamlout.Key(s, plain) != nil {
			r.problem(r.name, v, where+"."+key, "keep one bound: "+key+" or "+plain, "%s beside %s has no OpenAPI 3.0 form", key, plain)
			continue
		}
		yamlout.Set(s, plain, v)
		yamlout.Set(s, key, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true", Line: v.Line, Column: v.Column})
	}
	if ref := yamlout.Value(s, "$ref"); ref != nil && len(s.Content) > 2 {
		// OpenAPI 3.0 ignores every field beside a $ref; 3.1 applies them.
		// allOf applies both: the referenced schema and the siblings.
		yamlout.DeleteKey(s, "$ref")
		item := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: ref.Line, Column: ref.Column,
			Content: []*yaml.Node{{Kind: yaml.ScalarNode, Tag: "!!str", Value: "$ref"}, ref}}
		if all := yamlout.Value(s, "allOf"); all != nil {
			all.Content = append([]*yaml.Node{item}, all.Content...)
		} else {
			yamlout.Set(s, "allOf", &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{item}})
		}
	}
}

// typeNames are the types a schema's type names: one, or 3.1's list.
func typeNames(t *yaml.Node) []string {
	switch t.Kind {
	case yaml.ScalarNode:
		return []string{t.Value}
	case yaml.SequenceNode:
		types := make([]string, 0, len(t.Content))
		for _, c := range t.Content {
			types = append(types, c.Value)
		}
		return types
	}
	return nil
}

// convertType turns 3.1's type list into 3.0's single type and nullable.
func (r *docReader) convertType(s, t *yaml.Node, where string) {
	types := typeNames(t)
	if types == nil {
		return
	}
	nonNull := slices.DeleteFunc(slices.Clone(types), func(x string) bool { return x == "null" })
	null := len(nonNull) < len(types)
	switch {
	case len(nonNull) == 0:
		r.problem(r.name, t, where+".type", "give the value a type and make it nullable, or leave the property out", "type null alone has no OpenAPI 3.0 form")
	case len(nonNull) > 1:
		r.problem(r.name, t, where+".type", "write oneOf with one schema per type", "type [%s]: OpenAPI 3.0 has one type per schema", strings.Join(types, ", "))
	case t.Kind == yaml.SequenceNode:
		yamlout.Set(s, "type", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: nonNull[0], Line: t.Line, Column: t.Column})
		if null {
			yamlout.Set(s, "nullable", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true", Line: t.Line, Column: t.Column})
			if r.nullTypes == nil {
				r.nullTypes = map[*yaml.Node]*yaml.Node{}
			}
			r.nullTypes[s] = t
		}
	}
}

// modelName is what API Gateway takes as a model name.
var modelName = lazyre.New(`^[A-Za-z0-9]+$`)

// checkModels reports what API Gateway's models (JSON Schema draft 4)
// cannot express: API Gateway makes a model of every schema of the
// document and checks request bodies against theirs. AWS lists these
// constructs as unsupported in "Amazon API Gateway important notes for
// REST APIs"; a request schema that uses one would not be enforced as
// written, so gen refuses it rather than let the gateway check less.
func (r *docReader) checkModels(doc *APIDocument) {
	eachEntry(yamlout.Value(yamlout.Value(r.root, "components"), "schemas"), func(name string, s *yaml.Node) {
		if !modelName.MatchString(name) {
			k := yamlout.Key(yamlout.Value(yamlout.Value(r.root, "components"), "schemas"), name)
			r.problem(r.name, k, "components.schemas."+name, "rename it to letters and digits only (e.g. "+alnum(name)+"), and its $refs with it", "schema name %q: API Gateway model names are letters and digits only", name)
		}
	})
	eachSchema(r.root, func(s *yaml.Node, where string) bool {
		if k := yamlout.Key(s, "discriminator"); k != nil {
			r.problem(r.name, k, where+".discriminator", "remove the discriminator: the schemas stay valid without it", "API Gateway supports no discriminator in any schema")
		}
		return true
	})
	for i := range doc.Operations {
		o := &doc.Operations[i]
		body := yamlout.Value(o.Node, "requestBody")
		if ref := yamlout.Value(body, "$ref"); ref != nil {
			body = pointerTarget(r.root, strings.TrimPrefix(ref.Value, "#"))
		}
		s := yamlout.Value(yamlout.Value(yamlout.Value(body, "content"), "application/json"), "schema")
		if s == nil {
			continue
		}
		o.ValidatesBody = true
		r.checkRequestSchema(s, o.Label()+".requestBody.content.application/json.schema", map[*yaml.Node]bool{})
	}
}

// checkRequestSchema checks a schema the gateway validates requests
// against, and the schemas it refers to, once each.
func (r *docReader) checkRequestSchema(s *yaml.Node, where string, seen map[*yaml.Node]bool) {
	if s == nil || s.Kind != yaml.MappingNode || seen[s] {
		return
	}
	seen[s] = true
	if ref := yamlout.Value(s, "$ref"); ref != nil {
		name, ok := strings.CutPrefix(ref.Value, "#/components/schemas/")
		target := pointerTarget(r.root, strings.TrimPrefix(ref.Value, "#"))
		if !ok || strings.Contains(name, "/") || target == nil {
			r.problem(r.name, ref, where+".$ref", "refer to a schema under components.schemas", "$ref %s: a model refers to other models only (components.schemas)", ref.Value)
			return
		}
		r.checkRequestSchema(target, "components.schemas."+unescapePointer(name), seen)
		return
	}
	refuse := func(key, why, fix string) {
		if k := yamlout.Key(s, key); k != nil {
			r.problem(r.name, k, where+"."+key, fix, "%s in a request schema: %s", key, why)
		}
	}
	if t := r.nullTypes[s]; t != nil {
		// 3.1's type list, which the document's author wrote in place of
		// the nullable gen converted it to.
		nonNull := yamlout.Value(s, "type").Value
		r.problem(r.name, t, where+".type", "leave the property out instead of sending null, and write type: "+nonNull,
			"type [%s] in a request schema: API Gateway imports OpenAPI 3.0, where this is nullable, which its draft 4 models do not have, so the gateway would refuse the null the document allows", strings.Join(typeNames(t), ", "))
	} else if v := yamlout.Value(s, "nullable"); v != nil && v.Value == "true" {
		refuse("nullable", "draft 4 models have no nullable, so the gateway would refuse the null the document allows", "leave the property out instead of sending null, or remove nullable")
	}
	refuse("oneOf", "API Gateway's models do not support oneOf", "describe the body with one schema, and check the alternatives in the service")
	refuse("anyOf", "API Gateway's models do not support anyOf", "describe the body with one schema, and check the alternatives in the service")
	refuse("additionalProperties", "API Gateway's models do not support additionalProperties", "remove it and check unknown fields in the service")
	refuse("exclusiveMinimum", "API Gateway does not support exclusiveMinimum", "write minimum as the smallest allowed value")
	if f := scalarValue(yamlout.Value(s, "format")); (f == "int32" || f == "int64") && scalarValue(yamlout.Value(s, "type")) == "number" {
		refuse("format", "API Gateway does not support format "+f+" on type number", "write type: integer with format "+f)
	}
	if scalarValue(yamlout.Value(s, "format")) == "decimal" {
		refuse("format", "API Gateway does not support format decimal", "remove the format, or write type: number")
	}
	for _, key := range []string{"items", "not"} {
		r.checkRequestSchema(yamlout.Value(s, key), where+"."+key, seen)
	}
	if l := yamlout.Value(s, "allOf"); l != nil {
		for i, c := range l.Content {
			r.checkRequestSchema(c, indexPath(where+".allOf", i), seen)
		}
	}
	eachEntry(yamlout.Value(s, "properties"), func(name string, c *yaml.Node) {
		r.checkRequestSchema(c, where+".properties."+name, seen)
	})
}

// alnum keeps the letters and digits of a name.
func alnum(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 {
		return "Model"
	}
	return b.String()
}
