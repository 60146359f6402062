package diff

import (
	"bytes"
	"strings"
	"testing"
)

// tableTemplate is a template with one table, keyed by id, with the
// given indexes (YAML list items) and key schema.
func tableTemplate(key string, indexes ...string) []byte {
	t := `Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{AttributeName: ` + key + `, KeyType: HASH}]
      AttributeDefinitions: [{AttributeName: ` + key + `, AttributeType: S}]
`
	if len(indexes) > 0 {
		t += "      GlobalSecondaryIndexes:\n"
		for _, ix := range indexes {
			t += "        - " + ix + "\n"
		}
	}
	return []byte(t)
}

func index(name, key string) string {
	return "{IndexName: " + name + ", KeySchema: [{AttributeName: " + key + ", KeyType: HASH}], Projection: {ProjectionType: ALL}}"
}

func TestIndexRefusals(t *testing.T) {
	byStatus, byCustomer, byDate := index("by-status", "status"), index("by-customer", "customer"), index("by-date", "date")
	cases := []struct {
		name     string
		old, new []byte
		want     string // in the refusal's message; "" for none
	}{
		{"one index added", tableTemplate("id", byStatus), tableTemplate("id", byStatus, byCustomer), ""},
		{"one index removed", tableTemplate("id", byStatus, byCustomer), tableTemplate("id", byStatus), ""},
		{"two indexes added", tableTemplate("id", byStatus), tableTemplate("id", byStatus, byCustomer, byDate), "creates by-customer, by-date: CloudFormation creates or deletes one global secondary index per update"},
		{"one added, one removed", tableTemplate("id", byStatus), tableTemplate("id", byCustomer), "creates by-customer and deletes by-status"},
		{"an index's key changed", tableTemplate("id", byStatus), tableTemplate("id", index("by-status", "state")), "changes the key or projection of index by-status"},
		{"a replaced table takes every index at once", tableTemplate("id", byStatus), tableTemplate("orderId", byCustomer, byDate), ""},
		{"a new table takes every index at once", nil, tableTemplate("id", byStatus, byCustomer), ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			comparison, err := Compare(map[string][]byte{"template.yaml": c.old}, map[string][]byte{"template.yaml": c.new}, "shop")
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			Write(&out, comparison)
			if c.want == "" {
				if len(comparison.IndexRefusals) > 0 {
					t.Fatalf("want no refusal, got %s", comparison.IndexRefusals[0].Message())
				}
				return
			}
			if len(comparison.IndexRefusals) != 1 || !strings.Contains(comparison.IndexRefusals[0].Message(), c.want) {
				t.Fatalf("want a refusal with %q, got %+v", c.want, comparison.IndexRefusals)
			}
			if !comparison.Blocking() {
				t.Error("a refused update does not block")
			}
			if !strings.Contains(out.String(), "!!! refused: OrdersTable (template.yaml)") || !strings.Contains(out.String(), "; 1 refused by CloudFormation\n") {
				t.Errorf("the report does not show the refusal:\n%s", out.String())
			}
		})
	}
}

func TestReplacedTableLosesItems(t *testing.T) {
	comparison, err := Compare(map[string][]byte{"template.yaml": tableTemplate("id")}, map[string][]byte{"template.yaml": tableTemplate("orderId")}, "shop")
	if err != nil {
		t.Fatal(err)
	}
	rc := comparison.Reports[0].Resources[0]
	if !rc.Loses() || rc.Holds != "its items" || !comparison.Blocking() || rc.Replacement != Replaces {
		t.Errorf("a table whose key changes is replaced with its items: %+v", rc)
	}
}
