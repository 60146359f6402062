package blueprint

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader and validator. Whatever the
// input: no panic, and every rejection names a position in the file.
func FuzzLoad(f *testing.F) {
	seeds, _ := filepath.Glob("../golden/*/blueprint.yaml")
	bases, _ := filepath.Glob("../testdata/corpus/*.yaml") // every field written out
	for _, s := range append(seeds, bases...) {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(base))
	f.Add([]byte("name: a\nservices: [{name: w, cpu: 256, memory: 512, containers: [{name: c, image: {uri: 'x:1'}, port: 80}], nlb: {}}]\ningress: {nlb: {}}\n"))
	f.Add([]byte("a: &a [1]\nb: *a\n"))
	f.Add([]byte("network: {existing: {id: vpc-01234567, privateSubnets: [x]}}\n"))
	f.Add([]byte("? [a]\n: b\n"))
	f.Add([]byte(""))
	f.Add([]byte(environmentsSeed))
	// CloudFormation's short forms: refused in fields, read in overrides.
	f.Add([]byte("name: a\nservices: [{name: w, cpu: 256, memory: 512, count: !Ref C, containers: [{name: c, image: {uri: 'x:1'}, environment: {R: !Ref AWS::Region}}]}]\nx-t: &t !GetAtt A.B\noverrides: [{op: add, path: /Outputs/X, value: {Value: *t, Export: {Name: !Sub '${AWS::StackName}-x'}}}]\n"))
	// Shapes from other tools, which get fixes of their own.
	f.Add([]byte("name: a\ningress: {nlb: true}\nservices: [{name: W, cpu: 500m, memory: 2Gi, containers: [{name: c, image: nginx:1.27, environment: [A=1, {B: x}]}], nlb: {}}]\n"))
	// Other tools' names, which get the Blueprint's.
	f.Add([]byte("name: a\nregion: x\ningress: {alb: {public: true, domain: a.example.com}}\nservices: [{name: w, replicas: 2, image: nginx, port: 80, http: {path: /}, autoscaling: {minCapacity: 1, range: 1-3}}]\napi: {routes: [{verb: GET, path: /x, handler: w}]}\n"))
	// Files of other kinds, which are one problem each.
	f.Add([]byte("name: api\ntype: Load Balanced Web Service\nhttp: {path: /}\n"))
	f.Add([]byte("apiVersion: v1\nkind: &k Service\nx: *k\n"))
	f.Add([]byte(`{"family": "w", "containerDefinitions": []}`))
	// Text pasted from a web page or a chat: Unicode spaces in an
	// indentation, typographic quotes, a URL with a password, other ops.
	f.Add([]byte("name: a\nservices:\n\u00a0 - name: w\n    containers: [{name: c, image: {repository: a/b, tag: \u201c1\u201d}, environment: {U: 'postgres://u:p@h/d'}}]\noverrides: [{op: set, path: Resources.A}]\n"))
	// Problems two checks reach, reported once.
	f.Add([]byte(certificateNamesTwice))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Read("fuzz.yaml", data)
		if err == nil {
			if b == nil {
				t.Fatal("no Blueprint and no error")
			}
			// A valid Blueprint must also be valid with defaults applied,
			// and so must each of its environments.
			if err := b.WithDefaults().Validate(); err != nil {
				t.Fatalf("valid Blueprint invalid after defaults: %v", err)
			}
			for _, env := range b.EnvironmentNames() {
				if _, err := b.Environment(env); err != nil {
					t.Fatalf("environment %s of a valid Blueprint is invalid: %v", env, err)
				}
			}
			return
		}
		var problems Problems
		if !errors.As(err, &problems) {
			t.Fatalf("error is not Problems: %v", err)
		}
		if len(problems) == 0 {
			t.Fatal("empty Problems returned as an error")
		}
		said := map[Problem]bool{}
		for _, p := range problems {
			if p.Line < 1 || p.Column < 1 || p.File != "fuzz.yaml" || p.Message == "" {
				t.Fatalf("problem without position or message: %+v", p)
			}
			if said[p] {
				t.Fatalf("problem reported twice: %s", p)
			}
			said[p] = true
		}
	})
}

// environmentsSeed has overlays of every kind: a merged mapping, named lists
// matched by name and by method and path, an added and a removed entry, and
// overrides appended to the base's.
const environmentsSeed = `name: shop
ingress: {nlb: {}}
services:
  - name: web
    cpu: 256
    memory: 512
    containers: [{name: app, image: {uri: "nginx:1"}, port: 8080, environment: {A: "1"}}]
    nlb: {}
  - {name: job, cpu: 256, memory: 512, containers: [{name: app, image: {uri: "nginx:1"}}]}
api:
  routes:
    - {path: /, method: GET, service: web}
overrides:
  - {op: test, path: /Resources/WebService/Type, value: AWS::ECS::Service}
environments:
  dev:
    services:
      - {name: job, remove: true}
    api:
      routes:
        - {path: /, method: get, timeout: 10}
        - {path: /x, method: POST, service: web, add: true}
  prod:
    tags: {tier: prod}
    services:
      - name: web
        count: 2
        containers: [{name: app, environment: {A: "2"}}]
    overrides:
      - {op: add, path: /Resources/WebService/Properties/Tags/-, value: {Key: k, Value: v}}
`
