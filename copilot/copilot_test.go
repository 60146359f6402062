package copilot

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/golden"
)

// TestConvertShop converts an application of two services (a Load Balanced
// Web Service with a sidecar, autoscaling, an alias in a hosted zone and
// secrets; a Backend Service with an addon), a Worker Service, two
// environments and a pipeline (a VPC Copilot created,
// an imported one with its certificate), and compares the Blueprint with
// testdata/shop/blueprint.yaml (go test -update rewrites it). The Blueprint
// loads, and what is left to fix is what the notes say is the reader's: a
// parameter outside any path, a secret by name, the imported VPC's CIDR.
func TestConvertShop(t *testing.T) {
	res, err := Convert(os.DirFS("testdata/shop/copilot"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join("testdata", "shop", "blueprint.yaml")
	if *golden.Update {
		os.WriteFile(want, res.Blueprint, 0o644)
	}
	if old, _ := os.ReadFile(want); !bytes.Equal(old, res.Blueprint) {
		t.Errorf("the Blueprint differs from %s (go test -update rewrites it):\n%s", want, res.Blueprint)
	}
	b, err := blueprint.Read("shop.yaml", res.Blueprint)
	if err == nil {
		_, err = b.ResolveEnvironment("prod")
	}
	var problems []string
	if ps, ok := err.(blueprint.Problems); ok {
		for _, p := range ps {
			problems = append(problems, p.Path)
		}
	} else if err != nil {
		t.Fatal(err)
	}
	wantProblems := []string{"services[3].containers[0].secrets.GITHUB_TOKEN.parameter", "services[3].containers[0].secrets.DB_PASSWORD.secret", "network.existing.cidr"}
	if strings.Join(problems, " ") != strings.Join(wantProblems, " ") {
		t.Errorf("problems at %v, want %v:\n%v", problems, wantProblems, err)
	}
	var noted []string
	for _, n := range res.Notes {
		noted = append(noted, n.File+":"+n.Field)
	}
	for _, want := range []string{
		"emails/manifest.yml:subscribe.queue.dead_letter", "environments/prod/manifest.yml:network.vpc.id", "frontend/manifest.yml:image.build",
		"frontend/manifest.yml:secrets.GITHUB_TOKEN", "frontend/manifest.yml:secrets.DB_PASSWORD", "frontend/manifest.yml:secrets.API_KEY",
		"frontend/manifest.yml:http_target", "frontend/manifest.yml:storage.volumes.cache.efs", "frontend/manifest.yml:network.connect",
		"orders/manifest.yml:type", "orders/manifest.yml:taskdef_overrides", "orders/addons/orders-table.yml:addons", "pipelines/shop-main/manifest.yml:pipeline",
	} {
		if !strings.Contains(strings.Join(noted, "\n")+"\n", want+"\n") {
			t.Errorf("no note for %s; notes:\n%s", want, strings.Join(noted, "\n"))
		}
	}
}

// manifest converts one service manifest in an application of that service
// alone, with options, and returns the Blueprint and the notes.
func manifest(t *testing.T, src string, opts Options) (string, []Note) {
	t.Helper()
	res, err := Convert(fstest.MapFS{
		".workspace":       {Data: []byte("application: app\n")},
		"web/manifest.yml": {Data: []byte(src)},
	}, opts)
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Index(string(res.Blueprint), "\nname: ")
	return string(res.Blueprint[head+1:]), res.Notes
}

// hasText fails t for each of want that got does not hold.
func hasText(t *testing.T, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("no\n%s\nin\n%s", w, got)
		}
	}
}

// hasNotes fails t for each of want that is not a note, as gen prints it.
func hasNotes(t *testing.T, notes []Note, want ...string) {
	t.Helper()
	var got []string
	for _, n := range notes {
		got = append(got, n.String())
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("no note\n%s\nin\n%s", w, strings.Join(got, "\n"))
		}
	}
}

// TestServiceFields: each of a manifest's fields becomes its Blueprint
// counterpart, in the Blueprint's order, with Copilot's defaults written.
func TestServiceFields(t *testing.T) {
	const lbws = "name: web\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\n"
	for _, c := range []struct {
		name, src string
		opts      Options
		want      string // lines of the service's entry, from cpu on
	}{
		{"defaults", lbws,
			Options{}, "    cpu: 256\n    memory: 512\n    containers:\n      - name: web\n        image: {uri: 'nginx:1.27'}\n        port: 80\n    alb:\n      paths: [/*]\n"},
		{"a path, which is a prefix in Copilot", lbws + "http: {path: api}\n",
			Options{}, "    alb:\n      paths: [/api, /api/*]\n"},
		{"count's range", lbws + "count: {range: {min: 2, max: 6}, memory_percentage: 80, requests: 500}\n",
			Options{}, "    autoscaling: {min: 2, max: 6, memory: 80, requests: 500}\n"},
		{"count's targets with cooldowns", lbws + "count: {range: 1-10, cooldown: {in: 60s, out: 30s}, cpu_percentage: {value: 50, cooldown: {in: 1m}}}\n",
			Options{}, "    autoscaling: {min: 1, max: 10, cpu: 50, scaleInCooldown: 60, scaleOutCooldown: 30}\n"},
		{"Fargate Spot's count", lbws + "count: {spot: 5}\n",
			Options{}, "    count: 5\n    spot: {}\n"},
		{"Fargate Spot from the third task", lbws + "count: {range: {min: 1, max: 6, spot_from: 3}, cpu_percentage: 70}\n",
			Options{}, "    autoscaling: {min: 1, max: 6, cpu: 70}\n    spot: {onDemand: 2}\n"},
		{"Fargate Spot asked of ARM64 tasks", lbws + "platform: linux/arm64\ncount: {spot: 2}\n",
			Options{}, "    count: 2\n    platform: ARM64\n"},
		{"an image Copilot built, at the tag given", "name: web\ntype: Backend Service\nimage: {build: Dockerfile, port: 8080}\n",
			Options{Tag: "4f2a9c1"}, "      - name: web\n        image: {repository: app/web, tag: 4f2a9c1}\n"},
		{"ARM", lbws + "platform: linux/arm64\n",
			Options{}, "    platform: ARM64\n"},
		{"a command on one line and an entrypoint list", lbws + "command: serve --port 80\nentrypoint: [/bin/app]\n",
			Options{}, "        entryPoint: [/bin/app]\n        command: [serve, --port, \"80\"]\n"},
		{"a secret's ARN with its JSON key", lbws + "secrets: {DB: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::'}\n",
			Options{}, "          DB: {secret: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', jsonKey: password}\n"},
		{"the health check and its grace period", lbws + "http: {path: /, healthcheck: {path: /health, success_codes: '200,204', unhealthy_threshold: 5, grace_period: 2m}}\n",
			Options{}, "      healthCheck: {path: /health, codes: '200,204', unhealthy: 5}\n    deployment: {gracePeriod: 120}\n"},
		{"allowed sources", lbws + "http: {path: /, allowed_source_ips: [10.1.0.0/24]}\n",
			Options{}, "ingress:\n  alb:\n    allow: [10.1.0.0/24]\n"},
		{"a type of Copilot's first manifests", "name: web\ntype: Load Balanced Web App\nimage: {location: 'nginx:1.27', port: 80}\nhttp: {path: /, deregistration_delay: 15s}\n",
			Options{}, "    alb:\n      paths: [/*]\n      deregistrationDelay: 15\n"},
		{"sticky sessions", lbws + "http: {path: /, stickiness: true}\n",
			Options{}, "    alb:\n      paths: [/*]\n      stickiness: {}\n"},
		{"no load balancer", lbws + "http: false\n",
			Options{}, "    containers:\n      - name: web\n        image: {uri: 'nginx:1.27'}\n        port: 80\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _ := manifest(t, c.src, c.opts)
			if !strings.Contains(got, c.want) {
				t.Errorf("no\n%s\nin\n%s", c.want, got)
			}
		})
	}
}

// TestEnvironmentOverrides: a service's fields for one environment are its
// entry in that environment's overlay; one that replaces a base field of
// another name (count for autoscaling) takes that field away with null.
func TestEnvironmentOverrides(t *testing.T) {
	got, _ := manifest(t, "name: web\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\ncount: {range: 1-4, cpu_percentage: 60}\nenvironments:\n  test:\n    count: 1\n    variables: {DEBUG: 'on'}\n", Options{})
	want := "environments:\n  test:\n    services:\n      - name: web\n        count: 1\n        autoscaling: null\n        containers:\n          - name: web\n            environment:\n              DEBUG: \"on\"\n"
	if !strings.HasSuffix(got, want) {
		t.Errorf("got\n%s\nwant it to end with\n%s", got, want)
	}
}

// TestEnvironmentSpot: an environment's count replaces the base's Fargate
// Spot with its own: all on Spot takes the base's onDemand away (null),
// which the overlay would otherwise keep, and a count without spot takes
// the base's spot away.
func TestEnvironmentSpot(t *testing.T) {
	got, _ := manifest(t, "name: web\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\ncount: {range: {min: 1, max: 4, spot_from: 2}, cpu_percentage: 60}\nenvironments: {test: {count: {spot: 1}}, prod: {count: 2}}\n", Options{})
	hasText(t, got,
		"    autoscaling: {min: 1, max: 4, cpu: 60}\n    spot: {onDemand: 1}\n",
		"  prod:\n    services:\n      - name: web\n        count: 2\n        autoscaling: null\n        spot: null\n",
		"  test:\n    services:\n      - name: web\n        count: 1\n        autoscaling: null\n        spot: {onDemand: null}\n",
	)
}

// TestScheduledJob: a Scheduled Job is a service with schedule and no
// load balancer: its crontab line, shorthand or @every as EventBridge
// Scheduler's expression, in UTC as Copilot read it; an environment's
// schedule in its overlay, none as paused, and a new expression over a
// paused base unpausing it; timeout (a duration) and retries as the
// schedule's, in an environment's overlay too, and noted where they are
// not a duration and a number.
func TestScheduledJob(t *testing.T) {
	const job = "name: report\ntype: Scheduled Job\nimage: {location: 'public.ecr.aws/docker/library/busybox:1.36'}\n"
	got, notes := manifest(t, job+"on: {schedule: '0 3 * * 1-5'}\nretries: 3\ntimeout: 1h\nenvironments: {test: {on: {schedule: none}}, prod: {on: {schedule: '@every 6h'}}}\n", Options{})
	hasText(t, got,
		"  - name: report\n    cpu: 256\n    memory: 512\n    schedule:\n      expression: cron(0 3 ? * 2-6 *)\n      timeout: 3600\n      retries: 3\n    containers:\n",
		"  prod:\n    services:\n      - name: report\n        schedule:\n          expression: rate(6 hours)\n",
		"  test:\n    services:\n      - name: report\n        schedule:\n          paused: true\n",
	)
	if strings.Contains(got, "alb:") || strings.Contains(got, "ingress:") {
		t.Errorf("a job behind a load balancer:\n%s", got)
	}
	for _, n := range notes {
		if strings.Contains(n.String(), "timeout") || strings.Contains(n.String(), "retries") {
			t.Errorf("a note on what converted: %s", n)
		}
	}
	got, notes = manifest(t, job+"on: {schedule: '@daily'}\ntimeout: soon\nretries: many\nenvironments: {prod: {timeout: 2h}}\n", Options{})
	hasText(t, got, "  prod:\n    services:\n      - name: report\n        schedule:\n          timeout: 7200\n")
	hasNotes(t, notes,
		"web/manifest.yml:5: timeout: not converted: "+blueprint.TaskTimeoutFix,
		"web/manifest.yml:6: retries: not converted: "+blueprint.TaskRetriesFix)

	got, notes = manifest(t, job+"on: {schedule: none}\nenvironments: {prod: {on: {schedule: '@daily'}}}\n", Options{})
	hasText(t, got,
		"    schedule:\n      expression: rate(1 day)\n      paused: true\n",
		"  prod:\n    services:\n      - name: report\n        schedule:\n          expression: cron(0 0 * * ? *)\n          paused: false\n",
	)
	hasNotes(t, notes, "web/manifest.yml:4: on.schedule: none: the job runs at no time; its schedule is written paused, with rate(1 day) for when paused: false starts it")

	_, notes = manifest(t, job+"on: {schedule: 'at noon'}\n", Options{})
	hasNotes(t, notes, `web/manifest.yml:4: on.schedule: not converted: "at noon" is not a schedule gen can read (a crontab line, @daily or @every 1h); write services[].schedule.expression as EventBridge Scheduler reads it, e.g. cron(0 3 * * ? *) (https://github.com/ecsgate/ecsgate/blob/main/docs/operating.md)`)
}

// TestEphemeralStorage: Copilot's storage.ephemeral is the service's
// ephemeralStorage, with no note; 20 GiB, Fargate's default, is written as
// nothing; a volume without EFS is noted.
func TestEphemeralStorage(t *testing.T) {
	got, notes := manifest(t, "name: web\ntype: Backend Service\nimage: {location: 'public.ecr.aws/nginx/nginx:1.27', port: 80}\nstorage:\n  ephemeral: 50\n", Options{})
	hasText(t, got, "    ephemeralStorage: 50\n")
	for _, n := range notes {
		if strings.Contains(n.String(), "storage") {
			t.Errorf("a storage note: %s", n)
		}
	}
	got, notes = manifest(t, "name: web\ntype: Backend Service\nimage: {location: 'public.ecr.aws/nginx/nginx:1.27', port: 80}\nstorage:\n  ephemeral: 20\n  volumes: {data: {path: /data}}\n", Options{})
	if strings.Contains(got, "ephemeralStorage") {
		t.Errorf("Fargate's default written out:\n%s", got)
	}
	hasNotes(t, notes, "web/manifest.yml:6: storage.volumes.data: "+bindNote)
	got, notes = manifest(t, "name: web\ntype: Backend Service\nimage: {location: 'public.ecr.aws/nginx/nginx:1.27', port: 80}\nenvironments:\n  prod:\n    storage:\n      ephemeral: 60\n      volumes: {data: {path: /data, efs: true}}\n", Options{})
	hasText(t, got, "        ephemeralStorage: 60\n")
	hasNotes(t, notes, "web/manifest.yml:8: environments.prod.storage.volumes: not converted: an environment has the base's volumes and root filesystem; write what differs in its overlay")
}

// TestVolumes: a volume on the environment's managed EFS is a volume of
// the Blueprint, named after the service and the volume, with Copilot's
// uid and gid, mounted by the main container at its path (read-only as
// Copilot's), with a note that the files are not moved; readonly_fs is
// the main container's read-only root; a volume on a file system of its
// own is a note with what to do.
func TestVolumes(t *testing.T) {
	got, notes := manifest(t, "name: cms\ntype: Backend Service\nimage: {location: 'public.ecr.aws/nginx/nginx:1.27', port: 80}\nstorage:\n  readonly_fs: true\n  volumes:\n    uploads: {path: /srv/uploads, efs: true}\n    media: {path: /srv/media, read_only: true, efs: {uid: 33, gid: 33}}\n    old: {path: /old, efs: {id: fs-0123456789abcdef0, root_dir: /old}}\n", Options{})
	hasText(t, got, "volumes:\n  - {name: cms-uploads}\n  - {name: cms-media, uid: 33, gid: 33}\n")
	hasText(t, got, "        readonlyRootFilesystem: true\n        mounts:\n          - {volume: cms-uploads, path: /srv/uploads}\n          - {volume: cms-media, path: /srv/media, readOnly: true}\n")
	hasNotes(t, notes,
		"web/manifest.yml:7: storage.volumes.uploads.efs: the volume cms-uploads, a new EFS file system of the application: Copilot's files are not moved; copy them from the environment's file system with AWS DataSync, or mount that file system instead with existing: {id, securityGroup, directory}, the directory and the uid and gid of the access point Copilot made for service cms (the EFS console lists them)",
		"web/manifest.yml:9: storage.volumes.old.efs.id: not converted: declare it in volumes as {name: NAME, existing: {id: fs-0123456789abcdef0, securityGroup: SG, directory: /old}} with SG the security group of its mount targets (the EFS console lists it), and mount it in containers[].mounts; network.existing must be the VPC of its mount targets")
}

// TestFIFO: Copilot's FIFO topics and queues are FIFO topics and queues
// of the Blueprint, content_based_deduplication and high_throughput (or its
// two settings written out) with them; a mix of its settings a Blueprint
// does not have is a note.
func TestFIFO(t *testing.T) {
	const api = "name: api\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 80}\npublish:\n  topics:\n    - {name: payments, fifo: {content_based_deduplication: true}}\n    - {name: audit, fifo: true}\n    - {name: events}\n"
	got, _ := manifest(t, api, Options{})
	hasText(t, got, "topics:\n  - {name: api-audit, fifo: true}\n  - {name: api-events}\n  - {name: api-payments, fifo: true, contentBasedDeduplication: true}\n")
	const worker = "name: ledger\ntype: Worker Service\nimage: {location: 'nginx:1.27'}\nsubscribe:\n  topics: [{name: payments, service: api}]\n  queue:\n    fifo: %s\n"
	for _, c := range []struct{ fifo, want, note string }{
		{"true", "      fifo: true\n", ""},
		{"{high_throughput: true}", "      fifo: true\n      highThroughput: true\n", ""},
		{"{deduplication_scope: messageGroup, throughput_limit: perMessageGroupId, content_based_deduplication: true}", "      fifo: true\n      contentBasedDeduplication: true\n      highThroughput: true\n", ""},
		{"{throughput_limit: perMessageGroupId}", "      fifo: true\n", `web/manifest.yml:7: subscribe.queue.fifo: not converted: deduplication_scope "queue" with throughput_limit "perMessageGroupId"; a Blueprint's FIFO queue has both per queue (SQS's default), or both per message group with highThroughput: true`},
	} {
		t.Run(c.fifo, func(t *testing.T) {
			got, notes := manifest(t, fmt.Sprintf(worker, c.fifo), Options{})
			hasText(t, got, c.want)
			if c.note != "" {
				hasNotes(t, notes, c.note)
			}
		})
	}
}

// TestEnvironmentPlatform: an environment's platform is written over the
// base's, X86_64 too where the base runs on ARM64; and Fargate Spot asked
// in an environment of an ARM64 service is a note, not a spot the
// Blueprint would refuse.
func TestEnvironmentPlatform(t *testing.T) {
	got, notes := manifest(t, "name: web\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\nplatform: linux/arm64\nenvironments: {test: {count: {spot: 1}}, prod: {platform: linux/x86_64, count: {spot: 2}}}\n", Options{})
	hasText(t, got,
		"  prod:\n    services:\n      - name: web\n        count: 2\n        spot: {}\n        platform: X86_64\n",
		"  test:\n    services:\n      - name: web\n        count: 1\n",
	)
	if strings.Contains(got[strings.Index(got, "  test:"):], "spot") {
		t.Errorf("spot in test's overlay:\n%s", got)
	}
	hasNotes(t, notes, "web/manifest.yml:5: environments.test.count.spot: not converted: Fargate Spot runs only X86_64 tasks, and the service runs on ARM64; its tasks run on regular Fargate")
}

// TestEnvironmentImage: an environment's image location replaces the
// base's image built by Copilot: the repository and tag the base has are
// taken away in the overlay, which would otherwise merge them with its uri.
func TestEnvironmentImage(t *testing.T) {
	got, _ := manifest(t, "name: web\ntype: Backend Service\nimage: {build: Dockerfile, port: 80}\nenvironments: {prod: {image: {location: 'public.ecr.aws/nginx/nginx:1.27'}}}\n", Options{Tag: "v1"})
	want := "          - name: web\n            image: {uri: 'public.ecr.aws/nginx/nginx:1.27', repository: null, tag: null}\n"
	hasText(t, got, want)
	b, err := blueprint.Read("app.yaml", []byte(got))
	if err == nil {
		_, err = b.ResolveEnvironment("prod")
	}
	if err != nil {
		t.Errorf("the overlay does not merge into a valid Blueprint: %v", err)
	}
}

// TestValuesNamingTheEnvironment: a value written with Copilot's
// ${COPILOT_ENVIRONMENT_NAME}, even inside a mapping, is written for each
// environment in its overlay, the base taking the first environment's; the
// application's and the service's names are written out everywhere.
func TestValuesNamingTheEnvironment(t *testing.T) {
	got, notes := manifest(t, "name: web\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 80}\nsecrets:\n  DB: {secretsmanager: '${COPILOT_APPLICATION_NAME}/${COPILOT_ENVIRONMENT_NAME}/mysql'}\nvariables: {SERVICE: '${COPILOT_SERVICE_NAME}'}\nenvironments: {prod: {count: 2}, test: {}}\n", Options{})
	hasText(t, got,
		"        environment:\n          SERVICE: web\n        secrets:\n          DB: {secret: app/prod/mysql}\n",
		"  prod:\n    services:\n      - name: web\n        count: 2\n        containers:\n          - name: web\n            secrets:\n              DB: {secret: app/prod/mysql}\n",
		"  test:\n    services:\n      - name: web\n        containers:\n          - name: web\n            secrets:\n              DB: {secret: app/test/mysql}\n",
	)
	hasNotes(t, notes, "web/manifest.yml:5: secrets.DB: ${COPILOT_ENVIRONMENT_NAME} is written for each environment (prod, test), in its overlay; the base has prod's")
}

// TestEnvironmentsOfOtherServices: an environment that only another
// service's overrides name still gets this service's value that names the
// environment.
func TestEnvironmentsOfOtherServices(t *testing.T) {
	res, err := Convert(fstest.MapFS{
		".workspace":     {Data: []byte("application: app\n")},
		"a/manifest.yml": {Data: []byte("name: a\ntype: Backend Service\nimage: {location: 'nginx:1.27'}\nvariables: {ENV: '${COPILOT_ENVIRONMENT_NAME}'}\n")},
		"b/manifest.yml": {Data: []byte("name: b\ntype: Backend Service\nimage: {location: 'nginx:1.27'}\nenvironments: {staging: {count: 2}}\n")},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "  staging:\n    services:\n      - name: a\n        containers:\n          - name: a\n            environment:\n              ENV: staging\n      - name: b\n        count: 2\n"
	if !strings.Contains(string(res.Blueprint), want) {
		t.Errorf("no\n%s\nin\n%s", want, res.Blueprint)
	}
}

// TestNotes: what a Blueprint has no counterpart for is a note with the
// manifest's line; the fields gen from-copilot does not know are noted too,
// at every level.
func TestNotes(t *testing.T) {
	_, notes := manifest(t, "name: web\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80, prebuild: x}\nhttp: {path: /, version: grpc, healthcheck: {path: /, retries: 3}}\nstorage: {ephemeral: 30}\nsidecars: {proxy: {image: envoy, mounts: []}}\nnonsense: 1\n", Options{})
	var got []string
	for _, n := range notes {
		got = append(got, n.String())
	}
	want := []string{
		"web/manifest.yml:3: image.prebuild: not converted: gen from-copilot does not know this field of a manifest; https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md maps those a Blueprint has",
		"web/manifest.yml:4: http.healthcheck.retries: not converted: gen from-copilot does not know this field of a manifest; https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md maps those a Blueprint has",
		"web/manifest.yml:4: http.version: not converted: the Blueprint's ALB has no such setting; overrides can add it (https://github.com/ecsgate/ecsgate/blob/main/docs/overrides.md)",
		"web/manifest.yml:6: sidecars.proxy.mounts: not converted: gen from-copilot does not know this field of a manifest; https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md maps those a Blueprint has",
		"web/manifest.yml:7: nonsense: not converted: gen from-copilot does not know this field of a manifest; https://github.com/ecsgate/ecsgate/blob/main/docs/from-copilot.md maps those a Blueprint has",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestNotAnApplication: a folder without .workspace, without service
// manifests, or with only workloads a Blueprint has no counterpart for, is
// an error that says what gen looked for.
func TestNotAnApplication(t *testing.T) {
	for _, c := range []struct {
		name string
		fsys fstest.MapFS
		want string
	}{
		{"no workspace", fstest.MapFS{"web/manifest.yml": {Data: []byte("name: web\n")}}, "no copilot/.workspace"},
		{"no manifest", fstest.MapFS{".workspace": {Data: []byte("application: a\n")}}, "no service manifest"},
		{"only a static site", fstest.MapFS{".workspace": {Data: []byte("application: a\n")}, "w/manifest.yml": {Data: []byte("name: w\ntype: Static Site\n")}},
			"no Load Balanced Web Service, Backend Service, Worker Service or Scheduled Job among the manifests, the workloads a Blueprint describes:\n  w/manifest.yml:2: type: not converted: a Blueprint has no counterpart for a Static Site"},
		{"not YAML", fstest.MapFS{".workspace": {Data: []byte("application: a\n")}, "w/manifest.yml": {Data: []byte("name: [\n")}}, "w/manifest.yml: yaml:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Convert(c.fsys, Options{}); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
}

// TestAppName: the application is named by .workspace, or by Options.App
// where a repository does not commit .workspace; the two must agree.
func TestAppName(t *testing.T) {
	web := &fstest.MapFile{Data: []byte("name: web\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\n")}
	for _, c := range []struct {
		name, workspace, app string
		want, err            string
	}{
		{"workspace", "application: shop\n", "", "shop", ""},
		{"given", "", "shop", "shop", ""},
		{"both agree", "application: shop\n", "shop", "shop", ""},
		{"empty workspace, given", "# nothing\n", "shop", "shop", ""},
		{"neither", "", "", "", "no copilot/.workspace, which names the application: give gen the folder that holds copilot/, or copilot/ itself, or name the application with --app NAME"},
		{"empty workspace", "# nothing\n", "", "", "copilot/.workspace names no application (application: NAME): write it there, or name the application with --app NAME"},
		{"disagree", "application: shop\n", "store", "", "--app store, but copilot/.workspace names the application shop: leave --app out, or give the name .workspace gives"},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := fstest.MapFS{"web/manifest.yml": web}
			if c.workspace != "" {
				fsys[".workspace"] = &fstest.MapFile{Data: []byte(c.workspace)}
			}
			res, err := Convert(fsys, Options{App: c.app})
			switch {
			case c.err != "":
				if err == nil || err.Error() != c.err {
					t.Errorf("got %v, want %q", err, c.err)
				}
			case err != nil:
				t.Fatal(err)
			case res.App != c.want || !strings.Contains(string(res.Blueprint), "\nname: "+c.want+"\n"):
				t.Errorf("app %q, want %q in\n%s", res.App, c.want, res.Blueprint)
			}
		})
	}
}

// TestHealthPath: a health check path written without a leading /, as
// Copilot takes it, gets one.
func TestHealthPath(t *testing.T) {
	for in, want := range map[string]string{"": "/", "/": "/", "health": "/health", "backend/hello": "/backend/hello", "/_healthcheck": "/_healthcheck"} {
		if got := healthPath(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// TestPathPatterns: Copilot's http.path matches a prefix, an ALB's pattern
// the whole path.
func TestPathPatterns(t *testing.T) {
	for path, want := range map[string]string{"/": "/*", "": "/*", "api": "/api /api/*", "/api/": "/api /api/*", "v1/orders": "/v1/orders /v1/orders/*"} {
		if got := strings.Join(pathPatterns(path), " "); got != want {
			t.Errorf("%q: got %s, want %s", path, got, want)
		}
	}
}

// FuzzConvert: any manifest converts or is refused, without a panic, and a
// Blueprint written is YAML the loader reads (with or without problems).
func FuzzConvert(f *testing.F) {
	for _, file := range []string{"frontend", "orders", "emails"} {
		data, err := os.ReadFile(filepath.Join("testdata/shop/copilot", file, "manifest.yml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("name: w\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1', port: 80}\ncount: {range: {min: 1, max: 4, spot_from: 2}, cpu_percentage: 60}\nenvironments: {test: {count: {spot: 1}}, prod: {count: 2, platform: linux/arm64}}\n"))
	f.Add([]byte("name: w\ntype: Load Balanced Web Service\ncount: {range: x}\nhttp: {alias: [{name: a.example.com}], healthcheck: 3}\nsidecars: {a: 1, b: {port: '80/tcp'}}\n"))
	f.Add([]byte("name: w\ntype: Backend Service\nimage: {location: '123456789012.dkr.ecr.us-east-1.amazonaws.com/a/w:${TAG}', build: {args: {A: 1}, target: t}}\nhttp:\npath: /\nvariables: {X: '${Y}${COPILOT_ENVIRONMENT_NAME}'}\nsecrets: {S: {from_cfn: e}}\nstages: [{name: s}]\n"))
	// Calls to the Backend Service b, which the fuzzed manifest sits beside.
	f.Add([]byte("name: w\ntype: Scheduled Job\nimage: {build: Dockerfile}\non: {schedule: '0 3 * * 1-5'}\ntimeout: 1h\nenvironments: {test: {on: {schedule: none}}, prod: {on: {schedule: '@every 6h'}}}\n"))
	f.Add([]byte("name: w\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1', port: 80}\nvariables: {B: 'http://b:8080/x', D: 'b.${COPILOT_SERVICE_DISCOVERY_ENDPOINT}:8080', L: '--to=http://b:8080'}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Convert(fstest.MapFS{
			".workspace":                  {Data: []byte("application: app\n")},
			"b/manifest.yml":              {Data: []byte("name: b\ntype: Backend Service\nimage: {location: 'nginx:1', port: 8080, healthcheck: {command: [CMD-SHELL, 'curl -f http://localhost:8080/up']}}\n")},
			"w/manifest.yml":              {Data: data},
			"environments/e/manifest.yml": {Data: data},
			"pipeline.yml":                {Data: data},
		}, Options{})
		if err != nil {
			return
		}
		if _, err := blueprint.Read("fuzz.yaml", res.Blueprint); err != nil {
			if _, ok := err.(blueprint.Problems); !ok {
				t.Fatalf("not a Blueprint the loader reads: %v\n%s", err, res.Blueprint)
			}
		}
	})
}

// TestCatchAllLast: a service on Copilot's path "/" comes after the others,
// whose rules an ALB would otherwise never reach; an alias at a domain's
// apex names the domain's own zone.
func TestCatchAllLast(t *testing.T) {
	res, err := Convert(fstest.MapFS{
		".workspace":     {Data: []byte("application: app\n")},
		"a/manifest.yml": {Data: []byte("name: a\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\nhttp: {path: /, alias: example.com}\n")},
		"b/manifest.yml": {Data: []byte("name: b\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\nhttp: {path: api}\n")},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := string(res.Blueprint)
	if a, b := strings.Index(got, "  - name: a\n"), strings.Index(got, "  - name: b\n"); a < b || b < 0 {
		t.Errorf("the catch-all service a is not last:\n%s", got)
	}
	if !strings.Contains(got, "\ndns: {zone: example.com}\n") {
		t.Errorf("the apex's zone is not the domain's own:\n%s", got)
	}
}

// TestMisplacedFields: http's fields written at the top of a manifest,
// under an http: with nothing in it, are said to be indented too little,
// and the service (which Copilot gave no load balancer) gets none.
func TestMisplacedFields(t *testing.T) {
	got, notes := manifest(t, "name: web\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 80}\nhttp:\npath: /\nhealthcheck: {path: /health}\nstickiness: true\n", Options{})
	if strings.Contains(got, "alb") {
		t.Errorf("a Backend Service with an empty http got a load balancer:\n%s", got)
	}
	hasNotes(t, notes,
		"web/manifest.yml:5: path: not converted: path is a field of http, written here at the top of the manifest, where Copilot does not read it: indent it under http and convert again if the service is to have it",
		"web/manifest.yml:6: healthcheck: not converted: healthcheck is a field of http or image, written here at the top of the manifest, where Copilot does not read it: indent it under http and convert again if the service is to have it",
		"web/manifest.yml:7: stickiness: not converted: stickiness is a field of http, written here at the top of the manifest, where Copilot does not read it: indent it under http and convert again if the service is to have it",
	)
}

// TestHealthCheckFieldsUnderHTTP: a health check's field written under
// http is said to belong under http.healthcheck; a container port of 443,
// to which Copilot's ALB spoke HTTPS, says the Blueprint's speaks HTTP.
func TestHealthCheckFieldsUnderHTTP(t *testing.T) {
	_, notes := manifest(t, "name: web\ntype: Backend Service\nhttp:\n  path: /\n  healthcheck: /health\n  interval: 1h\nimage: {location: 'nginx:1.27', port: 443}\n", Options{})
	hasNotes(t, notes,
		"web/manifest.yml:6: http.interval: not converted: interval is a field of http.healthcheck, written here under http, where Copilot does not read it: write it under http.healthcheck (healthcheck: {path: ..., interval: ...}) and convert again if the check is to have it",
		"web/manifest.yml:7: image.port: Copilot's ALB spoke HTTPS to port 443; a Blueprint's ALB speaks HTTP to its targets, so the container must serve plain HTTP on its port",
	)
	if _, notes := manifest(t, "name: web\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 443}\n", Options{}); slices.ContainsFunc(notes, func(n Note) bool { return n.Field == "image.port" }) {
		t.Error("a Backend Service with no load balancer got the note of the ALB's HTTPS")
	}
}

// TestEnvironmentsFromPipeline: where the repository has no environment
// manifest, the stages of a pipeline (the first pipelines' pipeline.yml
// too) name the environments, and a value naming the environment is
// written for each; with none, the value is noted.
func TestEnvironmentsFromPipeline(t *testing.T) {
	const web = "name: web\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 80}\nsecrets: {KEY: '/copilot/app/${COPILOT_ENVIRONMENT_NAME}/secrets/key'}\n"
	res, err := Convert(fstest.MapFS{
		".workspace":       {Data: []byte("application: app\n")},
		"web/manifest.yml": {Data: []byte(web)},
		"pipeline.yml":     {Data: []byte("name: p\nversion: 1\nsource: {provider: GitHub, properties: {branch: main, repository: https://github.com/o/r}}\nstages: [{name: test}, {name: prod}]\n")},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"          KEY: {parameter: /copilot/app/prod/secrets/key}\n",
		"  prod:\n    services:\n      - name: web\n        containers:\n          - name: web\n            secrets:\n              KEY: {parameter: /copilot/app/prod/secrets/key}\n",
		"  test:\n    services:\n      - name: web\n        containers:\n          - name: web\n            secrets:\n              KEY: {parameter: /copilot/app/test/secrets/key}\n",
	} {
		if !strings.Contains(string(res.Blueprint), want) {
			t.Errorf("no\n%s\nin\n%s", want, res.Blueprint)
		}
	}
	if !slices.ContainsFunc(res.Notes, func(n Note) bool {
		return n.File == "pipeline.yml" && n.Field == "pipeline" && strings.Contains(n.Text, "repository: o/r,")
	}) {
		t.Errorf("pipeline.yml is not noted with its repository as owner/name: %v", res.Notes)
	}
	// Stages deployed in turn: the later environment watches a branch of
	// its own, as each environment gets a pipeline of its own.
	const later = "to update the stack. Each environment then gets a pipeline of its own, deploying on a push to its branch: to deploy prod after test, give it a branch of its own in its overlay (environments: {prod: {pipeline: {source: {branch: release}}}}) and merge into it what passed test; "
	if !slices.ContainsFunc(res.Notes, func(n Note) bool { return n.Field == "pipeline" && strings.Contains(n.Text, later) }) {
		t.Errorf("pipeline.yml's note does not say how its stages map onto environments: %v", res.Notes)
	}
	// Bitbucket's and SSH addresses name a repository as GitHub's do.
	for _, address := range []string{"https://bitbucket.org/acme/orders.git", "git@github.com:acme/orders.git"} {
		res, err := Convert(fstest.MapFS{
			".workspace":       {Data: []byte("application: app\n")},
			"web/manifest.yml": {Data: []byte(web)},
			"pipeline.yml":     {Data: []byte("name: p\nversion: 1\nsource: {provider: Bitbucket, properties: {branch: main, repository: '" + address + "'}}\nstages: [{name: prod}]\n")},
		}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Notes, func(n Note) bool { return strings.Contains(n.Text, "repository: acme/orders,") }) {
			t.Errorf("%s: the pipeline's repository is not acme/orders: %v", address, res.Notes)
		}
	}
	_, notes := manifest(t, web, Options{})
	hasNotes(t, notes, "web/manifest.yml:4: secrets.KEY: ${COPILOT_ENVIRONMENT_NAME} names the environment, and no environment manifest (copilot/environments/NAME/manifest.yml), service override or pipeline stage names one: write the environment's name here, or its own value in each environment's overlay")
}

// TestApplicationNotes: what only the whole application shows is noted
// where the manifest wrote it: two services on / with no host name of
// their own, aliases with no hosted zone ID, an imported VPC with no
// private subnets; and so are build arguments, and a second note of a
// field already noted.
func TestApplicationNotes(t *testing.T) {
	res, err := Convert(fstest.MapFS{
		".workspace":                     {Data: []byte("application: demo\n")},
		"events/manifest.yml":            {Data: []byte("name: events\ntype: Load Balanced Web Service\nhttp: {path: /}\nimage:\n  build: {dockerfile: Dockerfile, args: {APP: events}, target: run}\n  port: 8081\nvariables: {EUREKA: 'http://eureka.${COPILOT_ENVIRONMENT_NAME}.demo.local:8761'}\nenvironments:\n  prod:\n    http: {alias: events.example.com}\n")},
		"tutorials/manifest.yml":         {Data: []byte("name: tutorials\ntype: Load Balanced Web Service\nhttp:\n  path: /\nimage: {location: 'nginx:1.27', port: 8080}\n")},
		"eureka/manifest.yml":            {Data: []byte("name: eureka\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 8761}\n")},
		"environments/prod/manifest.yml": {Data: []byte("name: prod\ntype: Environment\nnetwork:\n  vpc:\n    id: vpc-0123456789abcdef0\n    subnets:\n      public: [{id: subnet-01234567}, {id: subnet-89abcdef}]\nhttp:\n  private:\n    ingress: {vpc: true}\n")},
	}, Options{Tag: "1.0"})
	if err != nil {
		t.Fatal(err)
	}
	hasNotes(t, res.Notes,
		"environments/prod/manifest.yml:5: network.vpc.subnets.private: the imported VPC has no private subnets, where a Blueprint's tasks run (Copilot put a Load Balanced Web Service's tasks in public subnets with public IPs): add private subnets in two AZs, with a NAT gateway or VPC endpoints to reach ECR and CloudWatch Logs, and list them in network.existing.privateSubnets (https://github.com/ecsgate/ecsgate/blob/main/docs/networking.md)",
		"events/manifest.yml:5: image.build.args: a Blueprint pipeline's build passes them (pipeline.builds[].args, in the pipeline section a pipeline manifest converts to); an image you build and push yourself takes them as --build-arg APP=events",
		"events/manifest.yml:5: image.build.target: a Blueprint pipeline's build builds it (pipeline.builds[].target: run); an image you build and push yourself takes --target run",
		"events/manifest.yml:7: variables.EUREKA: ${COPILOT_ENVIRONMENT_NAME} is written for each environment (prod), in its overlay; the base has prod's",
		"events/manifest.yml:7: variables.EUREKA: http://eureka.prod.demo.local:8761 calls the service eureka by the name Service Connect or service discovery gave it, which a Blueprint has neither of: converted to http://${ingress.albs.eureka.dnsName}, the address of the internal ALB eureka is behind (ingress.albs, id eureka), which listens on port 80: the template writes the ALB's DNS name there and lets this service's tasks reach it",
		"eureka/manifest.yml:1: type: a Backend Service, which events calls by name through Service Connect: converted behind an internal ALB of its own (ingress.albs, id eureka), at every path, whose address the callers' values name; the ALB asks GET / for health, which must answer 200: write alb.healthCheck.path if it does not",
		"events/manifest.yml:10: environments.prod.http.alias: no manifest gives the ID of the hosted zone example.com (Copilot took it from the application's domain): write it as dns.zoneId, without /hostedzone/ (aws route53 list-hosted-zones-by-name --dns-name example.com --max-items 1 --query \"HostedZones[?Name=='example.com.'].Id\" --output text prints it)",
		"environments/prod/manifest.yml:10: http.private: converted as the internal ALBs of the Backend Services that other services call (ingress.albs, id eureka); the fields under it are not converted",
		"tutorials/manifest.yml:4: http.path: / is the path of service events too, and the ALB sends every request to the first of the two: Copilot told them apart by host name (a service's http.alias, or NAME.ENV.APP.DOMAIN under the application's domain), or they ran in different environments; give each service an alb.hosts of its own, or another path",
	)
}

// TestPrivateALB: an environment's http.private is the internal ALB of the
// Backend Services with http, where there are some.
func TestPrivateALB(t *testing.T) {
	res, err := Convert(fstest.MapFS{
		".workspace":                     {Data: []byte("application: app\n")},
		"api/manifest.yml":               {Data: []byte("name: api\ntype: Backend Service\nimage: {location: 'nginx:1.27', port: 80}\nhttp: {path: api}\n")},
		"environments/test/manifest.yml": {Data: []byte("name: test\ntype: Environment\nhttp:\n  private:\n    ingress: {vpc: true}\n")},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	hasNotes(t, res.Notes, "environments/test/manifest.yml:5: http.private: converted as the internal ALB of the Backend Services with http (ingress.albs, id internal); the fields under it are not converted")
}

// TestShellVariables: a value Copilot filled in from the shell is noted;
// an ECR image whose tag is one becomes the repository at the tag given,
// in ecr.existing; a secret from another stack's export says where its ARN
// is.
func TestShellVariables(t *testing.T) {
	got, notes := manifest(t, "name: web\ntype: Load Balanced Web Service\nimage:\n  location: 123456789012.dkr.ecr.us-east-2.amazonaws.com/shop/web:${IMAGE_TAG}\n  port: 80\nhttp: {path: /, alias: 'web.${DOMAIN}'}\nvariables: {API: 'https://${API_HOST}/${API_HOST}/${COPILOT_APPLICATION_NAME}'}\nsecrets:\n  DB: {from_cfn: db-secret}\n", Options{Tag: "4f2a9c1"})
	hasText(t, got,
		"ecr:\n  existing: [shop/web]\n",
		"        image: {repository: shop/web, tag: 4f2a9c1}\n",
	)
	hasNotes(t, notes,
		"web/manifest.yml:4: image.location: converted to the ECR repository shop/web at tag 4f2a9c1, where Copilot took ${IMAGE_TAG} from the shell: the repository is the stack's account's and Region's, and each deploy may set the tag as a stack parameter (--parameter-overrides, gen render prints its name)",
		"web/manifest.yml:6: http.alias: Copilot filled in ${DOMAIN} from the environment of the shell that ran it, and a Blueprint is the same whoever renders it: write the value, or its own value in each environment's overlay",
		"web/manifest.yml:7: variables.API: Copilot filled in ${API_HOST} from the environment of the shell that ran it, and a Blueprint is the same whoever renders it: write the value, or its own value in each environment's overlay",
		"web/manifest.yml:9: secrets.DB: not converted: from_cfn took the secret from the stack export db-secret, which a Blueprint's secrets do not read: write {secret: ARN} with the ARN the export holds (aws cloudformation list-exports), or its own in each environment's overlay",
	)
	if slices.ContainsFunc(notes, func(n Note) bool { return strings.Contains(n.Text, "hosted zone web.${DOMAIN}") }) {
		t.Errorf("a hosted zone named by a shell variable is noted as a zone: %v", notes)
	}
	if strings.Contains(got, "\ndns:") {
		t.Errorf("a host name holding a shell variable gave the Blueprint a hosted zone:\n%s", got)
	}
	got, notes = manifest(t, "name: web\ntype: Backend Service\nimage: {location: '${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/jobs/web:1.2.0'}\n", Options{})
	if !strings.Contains(got, "        image: {repository: jobs/web, tag: 1.2.0}\n") {
		t.Errorf("an image in the shell's account is not the repository at its tag:\n%s", got)
	}
	hasNotes(t, notes, "web/manifest.yml:3: image.location: converted to the ECR repository jobs/web at tag 1.2.0, where Copilot took ${AWS_ACCOUNT_ID} and ${AWS_REGION} from the shell: the repository is the stack's account's and Region's, and each deploy may set the tag as a stack parameter (--parameter-overrides, gen render prints its name)")
}

// TestServicesByHost: two services on the same path under names of their
// own stay apart, as Copilot's rules match the aliases' host header; an
// environment where one service has another alias keeps the other's, and
// the Blueprint renders in both.
func TestServicesByHost(t *testing.T) {
	res, err := Convert(fstest.MapFS{
		".workspace":       {Data: []byte("application: app\n")},
		"web/manifest.yml": {Data: []byte("name: web\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\nhttp:\n  path: /\n  alias: [www.example.com, example.com]\n  hosted_zone: Z0123456789EXAMPLE\n  redirect_to_https: false\n  additional_rules:\n    - {path: admin, target_port: 8081}\n")},
		"api/manifest.yml": {Data: []byte("name: api\ntype: Load Balanced Web Service\nimage: {location: 'nginx:1.27', port: 80}\nhttp: {path: /, alias: api.example.com}\nenvironments:\n  test:\n    http: {alias: api.test.example.com}\n")},
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := string(res.Blueprint)
	hasText(t, got,
		"      paths: [/*]\n      hosts: [api.example.com]\n",
		"      paths: [/*]\n      hosts: [www.example.com, example.com]\n",
		"  test:\n    ingress:\n      alb:\n        certificate: {domain: api.test.example.com, alternativeNames: [www.example.com, example.com]}\n        hostnames: [api.test.example.com, www.example.com, example.com]\n    services:\n      - name: api\n        alb:\n          hosts: [api.test.example.com]\n",
	)
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, n.String())
	}
	wantNotes := []string{
		"web/manifest.yml:8: http.redirect_to_https: not converted: a Blueprint's ALB with a certificate always redirects HTTP to HTTPS (AWS Control Tower's CT.ELASTICLOADBALANCING.PR.1)",
		"web/manifest.yml:10: http.additional_rules[0]: not converted: a second listener rule, for /admin and /admin/*: a Blueprint's service has one rule, to one container's port; add the paths to alb.paths where that port serves them, make them a service of their own, or add the rule in overrides (https://github.com/ecsgate/ecsgate/blob/main/docs/overrides.md)",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(wantNotes, "\n"))
	}
	b, err := blueprint.Read("app.yaml", res.Blueprint)
	if err != nil {
		t.Fatal(err)
	}
	for _, env := range append([]string{""}, b.EnvironmentNames()...) {
		e := b
		if env != "" {
			if e, err = b.Environment(env); err != nil {
				t.Fatalf("%s: %v", env, err)
			}
		}
		if _, err := ecsgate.Render(e); err != nil {
			t.Errorf("environment %q: %v", env, err)
		}
	}
}

// TestServiceNamed: a value that calls another service the way Copilot's
// services call each other (by its name or its Service Connect alias) is
// found; a public host name that starts with a service's name, and the
// service itself, are not.
func TestServiceNamed(t *testing.T) {
	c := &conversion{serviceNames: []string{"orders", "web"}, connectAliases: map[string]string{"orders": "orders-api"}}
	for v, want := range map[string]string{
		"http://orders-api:8080/x":         "orders",
		"http://orders-apis:8080":          "",
		"http://orders:8080":               "orders",
		"http://orders":                    "orders",
		"http://orders/api":                "orders",
		"orders.test.shop.local:8080":      "orders",
		"http://orders.test.shop.local":    "orders",
		"https://orders.example.com":       "",
		"http://ordersvc:8080":             "",
		"http://web:80":                    "",
		"postgres://db.example.com/orders": "",
	} {
		if got, _ := c.serviceNamed(v, "web"); got != want {
			t.Errorf("%q: got %q, want %q", v, got, want)
		}
	}
}

// TestBuildOf: an image Copilot built is a Blueprint pipeline's build, its
// context the Dockerfile's folder unless the manifest names one, with its
// build arguments and target.
func TestBuildOf(t *testing.T) {
	for src, want := range map[string]string{
		"build: ./web/Dockerfile": "{service: s, container: c, dockerfile: web/Dockerfile, context: web}",
		"build: Dockerfile":       "{service: s, container: c, dockerfile: Dockerfile}",
		"build: {dockerfile: docker/web.Dockerfile, context: .}":                                    "{service: s, container: c, dockerfile: docker/web.Dockerfile}",
		"build: {dockerfile: web/Dockerfile, context: ./src}":                                       "{service: s, container: c, dockerfile: web/Dockerfile, context: src}",
		"build: {dockerfile: web/Dockerfile, args: {APP: web, GREETING: 'hi: there'}, target: run}": `{service: s, container: c, dockerfile: web/Dockerfile, context: web, args: {APP: "web", GREETING: "hi: there"}, target: run}`,
	} {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(src), &n); err != nil {
			t.Fatal(err)
		}
		if got := buildOf(value(n.Content[0], "build"), "s", "c"); got != want {
			t.Errorf("%s: got %s, want %s", src, got, want)
		}
	}
}
