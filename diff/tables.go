package diff

import (
	"fmt"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// dynamoDBTable is the type whose global secondary indexes CloudFormation
// changes with rules of their own.
const dynamoDBTable = "AWS::DynamoDB::Table"

// IndexRefusal is a change of a DynamoDB table's global secondary indexes
// that CloudFormation refuses although the template is valid: one update
// of a table creates or deletes at most one index ("Cannot perform more
// than one GSI creation or deletion in a single update",
// cloudformation-coverage-roadmap#229), and an index keeps its key and
// projection for life ("Cannot update GSI's properties other than
// Provisioned Throughput and Contributor Insights Specification").
type IndexRefusal struct {
	File, ID string
	// Created and Deleted are the indexes the change adds and removes, by
	// name; Changed those whose key or projection it changes.
	Created, Deleted, Changed []string
}

// Message says what CloudFormation refuses, and the way out.
func (f IndexRefusal) Message() string {
	if len(f.Changed) > 0 {
		return fmt.Sprintf("%s (%s) changes the key or projection of index %s, which DynamoDB keeps for the index's life, and the update fails. Way out: give the changed index a new name (a new index is created and the old one deleted), one index per deploy",
			f.ID, f.File, strings.Join(f.Changed, ", "))
	}
	var parts []string
	if len(f.Created) > 0 {
		parts = append(parts, "creates "+strings.Join(f.Created, ", "))
	}
	if len(f.Deleted) > 0 {
		parts = append(parts, "deletes "+strings.Join(f.Deleted, ", "))
	}
	return fmt.Sprintf("%s (%s) %s: CloudFormation creates or deletes one global secondary index per update of a table, and the update fails. Way out: add or remove one index per deploy, waiting for each to be ACTIVE",
		f.ID, f.File, strings.Join(parts, " and "))
}

// indexRefusals are the index changes of the report's tables that
// CloudFormation refuses. A table that the change replaces (its key
// schema changed, the one property that replaces it) is created anew,
// every index with it, and is left out.
func (r Report) indexRefusals() []IndexRefusal {
	var list []IndexRefusal
	for _, rc := range r.Resources {
		if rc.Type != dynamoDBTable || rc.Kind != Changed || rc.Replacement == Replaces {
			continue
		}
		old, new := indexesOf(resourceNode(r.old, rc.ID)), indexesOf(resourceNode(r.new, rc.ID))
		f := IndexRefusal{File: r.File, ID: rc.ID}
		for _, name := range unionKeys(old, new) {
			x, inOld := old[name]
			y, inNew := new[name]
			switch {
			case !inOld:
				f.Created = append(f.Created, name)
			case !inNew:
				f.Deleted = append(f.Deleted, name)
			case !reflect.DeepEqual(field(x, "KeySchema"), field(y, "KeySchema")) || !reflect.DeepEqual(field(x, "Projection"), field(y, "Projection")):
				f.Changed = append(f.Changed, name)
			}
		}
		if len(f.Changed) > 0 || len(f.Created)+len(f.Deleted) > 1 {
			list = append(list, f)
		}
	}
	return list
}

// indexesOf are a table's global secondary indexes by name.
func indexesOf(res *yaml.Node) map[string]any {
	m := map[string]any{}
	if res == nil {
		return m
	}
	var table struct {
		Properties struct {
			GlobalSecondaryIndexes []map[string]any `yaml:"GlobalSecondaryIndexes"`
		} `yaml:"Properties"`
	}
	if res.Decode(&table) != nil {
		return m
	}
	for _, ix := range table.Properties.GlobalSecondaryIndexes {
		if name, ok := ix["IndexName"].(string); ok && name != "" {
			m[name] = ix
		}
	}
	return m
}
