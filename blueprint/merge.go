package blueprint

import "gopkg.in/yaml.v3"

// expandMerges rewrites, in place, every mapping of a parsed document that
// holds merge keys (<<: *defaults, or <<: [*a, *b]) as the mapping YAML's
// merge-key rule describes: its own keys, then each merged mapping's keys
// that it does not have itself, earlier sources first. The merged values are
// the nodes the anchors point at, so every field keeps the position it was
// written at. Compose files and Copilot manifests use them to share
// settings; yaml.v3 applies the rule when it decodes into Go values, and the
// Blueprint's own decoder walks the node tree, so it is applied here.
func expandMerges(n *yaml.Node) {
	expandMergesIn(n, map[*yaml.Node]bool{})
}

func expandMergesIn(n *yaml.Node, done map[*yaml.Node]bool) {
	if n == nil {
		return
	}
	// Only a node with an anchor is reached twice (through its aliases),
	// and its children only through it: the others need no record, and a
	// large Blueprint has tens of thousands of them.
	if n.Anchor != "" {
		if done[n] {
			return
		}
		done[n] = true
	}
	if n.Kind == yaml.AliasNode {
		expandMergesIn(n.Alias, done)
		return
	}
	for _, c := range n.Content {
		expandMergesIn(c, done)
	}
	if n.Kind != yaml.MappingNode || !hasMergeKey(n) {
		return // most mappings: no list of their entries is made
	}
	var own, merged []*yaml.Node
	var sources []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if isMergeKey(k) {
			sources = append(sources, mergeSources(v)...)
			continue
		}
		own = append(own, k, v)
	}
	if sources == nil {
		return
	}
	have := map[string]bool{}
	for i := 0; i+1 < len(own); i += 2 {
		have[own[i].Value] = true
	}
	for _, src := range sources {
		for i := 0; i+1 < len(src.Content); i += 2 {
			k := resolve(src.Content[i])
			if k.Kind == yaml.ScalarNode && !have[k.Value] {
				have[k.Value] = true
				merged = append(merged, src.Content[i], src.Content[i+1])
			}
		}
	}
	n.Content = append(own, merged...)
}

// mergeSources lists the mappings a merge key's value names: one mapping
// (an alias or written in place), or a list of them. Anything else is left
// for the decoder to report as it finds it.
func mergeSources(v *yaml.Node) []*yaml.Node {
	v = resolve(v)
	switch v.Kind {
	case yaml.MappingNode:
		return []*yaml.Node{v}
	case yaml.SequenceNode:
		var list []*yaml.Node
		for _, item := range v.Content {
			if m := resolve(item); m.Kind == yaml.MappingNode {
				list = append(list, m)
			}
		}
		return list
	}
	return nil
}

// extensionKey reports whether a top-level key is an extension (x-...):
// ignored, a place to hold anchors the Blueprint refers to, as Compose
// files allow.
func extensionKey(path, key string) bool {
	return path == "" && len(key) > 2 && key[:2] == "x-"
}

// hasMergeKey reports whether mapping n has a merge key.
func hasMergeKey(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if isMergeKey(n.Content[i]) {
			return true
		}
	}
	return false
}

// isMergeKey reports whether key k is a merge key: a plain <<, which yaml.v3
// tags !!merge (a quoted "<<" is a string), as yaml.v3's own decoder has it.
func isMergeKey(k *yaml.Node) bool {
	return k.Kind == yaml.ScalarNode && k.Value == "<<" && k.Tag == "!!merge"
}
