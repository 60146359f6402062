package ecsgate_test

import (
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

// rulePriorities maps each ALB listener rule of a template to its priority.
func rulePriorities(t *testing.T, template []byte) map[string]int {
	t.Helper()
	var doc struct {
		Resources map[string]struct {
			Type       string `yaml:"Type"`
			Properties struct {
				Priority int `yaml:"Priority"`
			} `yaml:"Properties"`
		} `yaml:"Resources"`
	}
	if err := yaml.Unmarshal(template, &doc); err != nil {
		t.Fatal(err)
	}
	rules := map[string]int{}
	for id, r := range doc.Resources {
		if r.Type == "AWS::ElasticLoadBalancingV2::ListenerRule" {
			rules[id] = r.Properties.Priority
		}
	}
	return rules
}

// TestThirdServiceKeepsRules: adding a service behind the ALB changes no logical
// ID and no rule priority of the services already there.
func TestThirdServiceKeepsRules(t *testing.T) {
	b, err := ecsgate.Load("golden/alb-multi-service/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	before := render(t, b)
	b.Services = append(b.Services, blueprint.Service{
		Name: "docs", CPU: 256, Memory: 512,
		Containers: []blueprint.Container{{Name: "app", Port: 8080, Image: blueprint.Image{Repository: "portal/docs", Tag: "1"}}},
		ALB:        &blueprint.ServiceALB{Paths: []string{"/docs/*"}},
	})
	after := render(t, b)
	typesBefore, typesAfter := resourceTypes(t, before), resourceTypes(t, after)
	for id, typ := range typesBefore {
		if typesAfter[id] != typ {
			t.Errorf("%s (%s) is gone or changed type", id, typ)
		}
	}
	rulesBefore, rulesAfter := rulePriorities(t, before), rulePriorities(t, after)
	if len(rulesBefore) != 2 || len(rulesAfter) != 3 {
		t.Fatalf("want 2 then 3 rules, got %v then %v", rulesBefore, rulesAfter)
	}
	for id, p := range rulesBefore {
		if rulesAfter[id] != p {
			t.Errorf("rule %s moved from priority %d to %d", id, p, rulesAfter[id])
		}
	}
	if rulesAfter["AlbRule120"] != 120 {
		t.Errorf("new rule got priority %d, want 120 (logical ID AlbRule120)", rulesAfter["AlbRule120"])
	}
}

// TestEndpointsFollowFeatures: the interface endpoints are exactly what the
// features need, in the Blueprint and in the template.
func TestEndpointsFollowFeatures(t *testing.T) {
	always := []string{"ecr.api", "ecr.dkr", "logs", "s3"}
	exec := []string{"ec2messages", "ssm", "ssmmessages"}
	cases := []struct {
		name   string
		change func(b *blueprint.Blueprint)
		want   []string
	}{
		{"exec on", nil, append(append(slices.Clone(always), exec...), "sts")},
		{"exec off", func(b *blueprint.Blueprint) { b.Services[0].Exec = false }, append(slices.Clone(always), "sts")},
		{"exec off, no extra", func(b *blueprint.Blueprint) { b.Services[0].Exec = false; b.Network.Endpoints = nil }, always},
		{"nat", func(b *blueprint.Blueprint) { b.Network.Egress = blueprint.EgressNAT; b.Network.Endpoints = nil }, nil},
		{"secrets from parameters", func(b *blueprint.Blueprint) {
			b.Services[0].Exec = false
			b.Network.Endpoints = nil
			b.Services[0].Containers[0].Secrets = map[string]blueprint.SecretRef{"DB": {Parameter: "/app/db"}}
		}, append(slices.Clone(always), "ssm")},
		{"secrets from Secrets Manager with a key", func(b *blueprint.Blueprint) {
			b.Services[0].Exec = false
			b.Network.Endpoints = nil
			b.KMSKeys = []blueprint.KMSKey{{Name: "app"}}
			b.Secrets = []blueprint.Secret{{Name: "db", KMSKey: "app"}}
			b.Services[0].Containers[0].Secrets = map[string]blueprint.SecretRef{"DB": {Secret: "db"}}
		}, append(slices.Clone(always), "kms", "secretsmanager")},
		{"secrets and exec", func(b *blueprint.Blueprint) {
			b.Network.Endpoints = nil
			b.Services[0].Containers[0].Secrets = map[string]blueprint.SecretRef{"DB": {Parameter: "/app/db", KMSKey: "app"}}
			b.KMSKeys = []blueprint.KMSKey{{Name: "app"}}
		}, append(append(slices.Clone(always), exec...), "kms")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := ecsgate.Load("golden/alb-cognito-exec/blueprint.yaml")
			if err != nil {
				t.Fatal(err)
			}
			if c.change != nil {
				c.change(b)
			}
			var got []string
			for _, e := range b.WithDefaults().Endpoints() {
				got = append(got, e.Service)
			}
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("Endpoints() = %v, want %v", got, want)
			}
			var rendered []string
			for id, typ := range resourceTypes(t, render(t, b)) {
				if typ == "AWS::EC2::VPCEndpoint" {
					rendered = append(rendered, strings.TrimPrefix(id, "VpcEndpoint"))
				}
			}
			if len(rendered) != len(want) {
				t.Errorf("template has endpoints %v, want %d", rendered, len(want))
			}
		})
	}
}
