package render

import (
	"slices"
	"testing"

	elbv2 "github.com/awslabs/goformation/v7/cloudformation/elasticloadbalancingv2"

	"github.com/ecsgate/ecsgate/blueprint"
)

// TestStickiness: a service with stickiness keeps its clients on one task
// with the ALB's cookie, for the day of the ALB's default or the duration
// written; a service without it has the deregistration delay alone.
func TestStickiness(t *testing.T) {
	b, err := blueprint.Read("legacy.yaml", []byte(`name: legacy
ingress:
  alb: {default: web}
services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 80}]
    alb: {stickiness: {}}
  - name: admin
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 80}]
    alb: {paths: ["/admin/*"], stickiness: {duration: 3600}}
  - name: api
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "public.ecr.aws/nginx/nginx:1.27"}, port: 80}]
    alb: {paths: ["/api/*"]}
`))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := mustTemplate(t, b)
	for _, c := range []struct {
		service string
		want    []string
	}{
		{"web", []string{"deregistration_delay.timeout_seconds=30", "stickiness.enabled=true", "stickiness.type=lb_cookie", "stickiness.lb_cookie.duration_seconds=86400"}},
		{"admin", []string{"deregistration_delay.timeout_seconds=30", "stickiness.enabled=true", "stickiness.type=lb_cookie", "stickiness.lb_cookie.duration_seconds=3600"}},
		{"api", []string{"deregistration_delay.timeout_seconds=30"}},
	} {
		tg := tmpl.Resources[b.Service(c.service).ALBTargetGroupID()].(*elbv2.TargetGroup)
		var got []string
		for _, a := range tg.TargetGroupAttributes {
			got = append(got, *a.Key+"="+*a.Value)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.service, got, c.want)
		}
	}
}
