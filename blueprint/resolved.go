package blueprint

import "reflect"

// Resolved is a Blueprint that passed validation and has every default
// applied: what the renderer, the OpenAPI document and the diagram take, so
// that none of them meets an unset optional field or validates again. Only
// [Resolve] and [Blueprint.ResolveEnvironment] make one.
type Resolved struct {
	*Blueprint
	// Account is what the shared stack creates for the Blueprint and all
	// its environments.
	Account AccountResources
	// Warnings are the Blueprint's choices that are valid but rarely meant.
	Warnings Problems
}

// Resolve validates b and returns a copy of it with every default applied;
// b is not changed. It validates once and copies once. On failure the error
// is a [Problems] value holding every problem.
func Resolve(b *Blueprint) (*Resolved, error) {
	if c := b.resolved; c != nil && c.holds(b) {
		return c.result, nil
	}
	defaulted, warnings, err := b.validate()
	if err != nil {
		return nil, err
	}
	return &Resolved{Blueprint: defaulted, Account: b.accountResources(defaulted), Warnings: warnings}, nil
}

// resolvedCache keeps what Read resolved a Blueprint to: Read validates a
// Blueprint to report its problems, and rendering it right after would
// validate it again (a tenth of a large render). The copy makes sure a
// Blueprint changed since, through its exported fields, is resolved anew.
type resolvedCache struct {
	snapshot *Blueprint
	result   *Resolved
}

// holds reports whether b is still what the cache resolved.
func (c *resolvedCache) holds(b *Blueprint) bool {
	now := *b
	now.resolved = nil
	return reflect.DeepEqual(&now, c.snapshot)
}

// resolveOnRead validates b for Read, keeping the result for Resolve, and
// returns the problems.
func (b *Blueprint) resolveOnRead() error {
	// The snapshot is taken while the Blueprint is checked: both only read it.
	snap := make(chan *Blueprint, 1)
	go func() { snap <- clone(b) }()
	defaulted, warnings, err := b.validate()
	snapshot := <-snap
	if err != nil {
		return err
	}
	b.resolved = &resolvedCache{snapshot: snapshot, result: &Resolved{Blueprint: defaulted, Account: b.accountResources(defaulted), Warnings: warnings}}
	return nil
}

// ResolveEnvironment resolves one environment of b (see
// [Blueprint.Environment]); name "" resolves the base.
func (b *Blueprint) ResolveEnvironment(name string) (*Resolved, error) {
	if name == "" {
		return Resolve(b)
	}
	env, err := b.merged(name)
	if err != nil {
		return nil, err
	}
	defaulted, warnings, err := env.validate()
	if err != nil {
		return nil, err
	}
	warnings = append(warnings, b.sharedImageWarnings(name)...)
	// The shared stack is the base's: one per account and Region, for
	// every environment.
	base := b.WithDefaults()
	return &Resolved{Blueprint: defaulted, Account: b.accountResources(base), Warnings: warnings}, nil
}
