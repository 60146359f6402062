package blueprint

import (
	"reflect"
	"strings"
	"testing"
)

// TestCloudFormationTags: CloudFormation's short forms in the Blueprint's
// own fields are refused where they are written, with the Blueprint's way
// to say each; in an override's value they are the functions they stand
// for, aliases included; an unknown tag there, and any in an API override,
// is refused.
func TestCloudFormationTags(t *testing.T) {
	const base = `name: shop
services:
  - name: web
    cpu: 256
    memory: 512
    containers:
      - name: app
        image: {repository: shop/web, tag: "1.0.0"}
        environment:
          VALUE: x
`
	for _, c := range []struct{ name, replace, with, want string }{
		{"a stack value", "VALUE: x", "REGION: !Ref AWS::Region",
			`bp.yaml:10:19: services[0].containers[0].environment.REGION: !Ref AWS::Region is CloudFormation's short form of a function, which a Blueprint's fields do not read: the field would get the text "AWS::Region" (write ${AWS::Region}, which the template fills in)`},
		{"a Sub", "VALUE: x", `URL: !Sub "https://${AWS::Region}.example.com"`,
			`bp.yaml:10:16: services[0].containers[0].environment.URL: !Sub https://${AWS::Region}.example.com is CloudFormation's short form of a function, which a Blueprint's fields do not read: the field would get the text "https://${AWS::Region}.example.com" (write "https://${AWS::Region}.example.com" without !Sub: an environment value is written through Fn::Sub already)`},
		{"an attribute", "VALUE: x", "ORDERS: !GetAtt BackendAlb.DNSName",
			`bp.yaml:10:19: services[0].containers[0].environment.ORDERS: !GetAtt BackendAlb.DNSName is CloudFormation's short form of a function, which a Blueprint's fields do not read: the field would get the text "BackendAlb.DNSName" (write the value itself; a load balancer's address is ${ingress.alb.dnsName} or ${ingress.albs.ID.dnsName}, and a stack value ${AWS::Region})`},
		{"a number", "    memory: 512\n", "    memory: 512\n    count: !Ref DesiredCount\n",
			`bp.yaml:6:12: services[0].count: !Ref DesiredCount is CloudFormation's short form of a function, which a Blueprint's fields do not read (write the value itself; a change to the template that needs CloudFormation's functions is an override (overrides), whose values take them)`},
		{"an unknown tag in an override", "VALUE: x\n", "VALUE: x\noverrides:\n  - {op: add, path: /Resources/WebService/Properties/Tags, value: [{Key: a, Value: !Reff Cluster}]}\n",
			`bp.yaml:12:84: overrides[0].value: !Reff is not the short form of one of CloudFormation's functions (write !Ref, !GetAtt, !Sub, !Join, !Select, !Split, !If or another of them, or the long form ({Fn::NAME: ...}))`},
		{"a tag in an API override", "VALUE: x\n", "VALUE: x\napiOverrides:\n  - {op: add, path: /info/x-stack, value: !Ref AWS::StackName}\n",
			`bp.yaml:12:43: apiOverrides[0].value: !Ref is CloudFormation's short form of a function, which the API's OpenAPI document does not read (write the value itself; a change that needs CloudFormation's functions is an override of the template (overrides))`},
	} {
		src := strings.Replace(base, c.replace, c.with, 1)
		_, err := Parse("bp.yaml", []byte(src))
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.name, err, c.want)
		}
	}

	src := strings.Replace(base, "VALUE: x\n", `VALUE: x
x-stack: &stack !Ref AWS::StackName
overrides:
  - op: add
    path: /Resources/WebService/Properties/Tags
    value:
      - {Key: stack, Value: *stack}
      - {Key: dns, Value: !GetAtt WebTaskSecurityGroup.GroupId}
      - {Key: url, Value: !Sub "https://${AWS::Region}.example.com"}
      - {Key: zones, Value: !Join [",", !GetAZs ""]}
`, 1)
	b, err := Parse("bp.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []any{
		map[string]any{"Key": "stack", "Value": map[string]any{"Ref": "AWS::StackName"}},
		map[string]any{"Key": "dns", "Value": map[string]any{"Fn::GetAtt": []any{"WebTaskSecurityGroup", "GroupId"}}},
		map[string]any{"Key": "url", "Value": map[string]any{"Fn::Sub": "https://${AWS::Region}.example.com"}},
		map[string]any{"Key": "zones", "Value": map[string]any{"Fn::Join": []any{",", map[string]any{"Fn::GetAZs": ""}}}},
	}
	if got := b.Overrides[0].Value; !reflect.DeepEqual(got, want) {
		t.Errorf("the override's value is\n%#v\nwant\n%#v", got, want)
	}
}
