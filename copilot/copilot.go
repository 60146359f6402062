// Package copilot converts an AWS Copilot application's manifests into one
// Blueprint.
//
// AWS Copilot reached end of support in June 2026. A Copilot application is
// a folder, copilot/, with a manifest per service (copilot/api/manifest.yml)
// and per environment (copilot/environments/prod/manifest.yml), and the
// application's name in copilot/.workspace. [Convert] reads them and writes
// the Blueprint that describes the same application: each Load Balanced Web
// Service, Backend Service and Scheduled Job an entry of services (a job's
// with schedule), the environments'
// networks and the services' per-environment settings an overlay each under
// environments, and Copilot's ECR repositories (named app/service) listed in
// ecr.existing, so that the shared stack uses them.
//
// What a Blueprint has no counterpart for (Worker Services, Service
// Connect, storage, addons) and what needs a decision (an imported VPC's
// CIDR, the tag of an image Copilot built) is a [Note] with the manifest's
// file and line, written at the head of the Blueprint too. The mapping
// follows docs/from-copilot.md, field by field.
package copilot

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ecsgate/ecsgate/blueprint"
	"github.com/ecsgate/ecsgate/internal/lazyre"
)

// Options are the choices a conversion cannot read from the manifests.
type Options struct {
	// Tag is the image tag of the containers whose image Copilot built
	// (image.build): copilot svc deploy tags each build with its commit's
	// SHA, which the manifest does not record. Default "latest", which gen
	// warns about.
	Tag string
	// App names the application where the folder has no .workspace (a
	// clone of a repository that does not commit it), and is checked
	// against the one .workspace names where it has.
	App string
}

// Note is a manifest's field the Blueprint does not carry as it is, or
// carries with a decision left to the reader.
type Note struct {
	// File is the manifest, relative to the copilot folder.
	File string
	// Line is the field's line in it.
	Line int
	// Field is the field's path in the manifest (http.alias).
	Field string
	// Text says what became of it and what to do.
	Text string
}

// String writes the note as file:line: field: text.
func (n Note) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", n.File, n.Line, n.Field, n.Text)
}

// Result is a converted application.
type Result struct {
	// App is the application's name, the Blueprint's name.
	App string
	// Blueprint is the Blueprint's YAML.
	Blueprint []byte
	// Notes are what the reader must decide or do by other means, in the
	// order of the manifests.
	Notes []Note
	// Manifests are the manifests read, relative to the copilot folder.
	Manifests []string
}

// Convert reads the Copilot application in copilot, the folder that holds
// .workspace and the manifests, and writes its Blueprint.
func Convert(copilot fs.FS, opts Options) (*Result, error) {
	if opts.Tag == "" {
		opts.Tag = "latest"
	}
	c := &conversion{opts: opts, overlays: map[string]*overlay{}, folders: map[string]string{}}
	var err error
	if c.app, err = appName(copilot, opts.App); err != nil {
		return nil, err
	}
	services, _ := fs.Glob(copilot, "*/manifest.yml")
	environments, _ := fs.Glob(copilot, "environments/*/manifest.yml")
	pipelines, _ := fs.Glob(copilot, "pipelines/*/manifest.yml")
	if _, err := fs.Stat(copilot, "pipeline.yml"); err == nil {
		pipelines = append(pipelines, "pipeline.yml") // where Copilot's first pipelines were
	}
	if len(services) == 0 {
		return nil, errors.New("no service manifest (copilot/NAME/manifest.yml) in the folder: give gen the folder that holds copilot/, or copilot/ itself")
	}
	for _, file := range environments {
		m, err := c.read(copilot, file)
		if err != nil {
			return nil, err
		}
		c.environment(file, m)
	}
	pipelineManifests := make([]*yaml.Node, len(pipelines))
	for i, file := range pipelines {
		if pipelineManifests[i], err = c.read(copilot, file); err != nil {
			return nil, err
		}
		// A pipeline's stages are environments, by name: where no
		// environment manifest is in the repository, they say which there are.
		for _, st := range resolveList(value(pipelineManifests[i], "stages")) {
			if name, ok := scalar(value(st, "name")); ok && name != "" {
				c.overlayOf(name)
			}
		}
	}
	manifests := make([]*yaml.Node, len(services))
	for i, file := range services {
		if manifests[i], err = c.read(copilot, file); err != nil {
			return nil, err
		}
		// Every environment and service, before any service is converted:
		// a value naming the environment is written for each, and a value
		// naming a service is noted.
		for _, env := range keys(value(manifests[i], "environments")) {
			c.overlayOf(env.Value)
		}
		name, ok := scalar(value(manifests[i], "name"))
		if !ok {
			name = dirOf(file)
		}
		c.serviceNames = append(c.serviceNames, name)
		c.folders[path.Dir(file)] = name
		if alias, ok := scalar(value(manifests[i], "network", "connect", "alias")); ok && alias != "" {
			if c.connectAliases == nil {
				c.connectAliases = map[string]string{}
			}
			c.connectAliases[name] = alias
		}
	}
	c.findBackends(manifests)
	for i, file := range services {
		c.workload(file, manifests[i])
	}
	c.addons(copilot)
	for _, o := range c.overlays {
		o.ingress.inherit(c.ingress, c.serviceNames)
	}
	for i, file := range pipelines {
		c.pipeline(file, pipelineManifests[i])
	}
	c.catchAllNote()
	c.zoneNote()
	c.privateALBNote()
	slices.SortStableFunc(c.Notes, func(a, b Note) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	slices.Sort(c.Manifests)
	if len(c.services) == 0 {
		return nil, fmt.Errorf("no Load Balanced Web Service, Backend Service, Worker Service or Scheduled Job among the manifests, the workloads a Blueprint describes:\n%s", joinNotes(c.Notes))
	}
	data, err := c.blueprint()
	if err != nil {
		return nil, err
	}
	return &Result{App: c.app, Blueprint: data, Notes: c.Notes, Manifests: c.Manifests}, nil
}

// conversion is the state of one Convert.
type conversion struct {
	opts Options
	app  string
	Result
	// services are the Blueprint's services, in the manifests' order.
	services []*yaml.Node
	// repositories are Copilot's ECR repositories the services pull from.
	repositories []string
	// ingress is what the services ask of the load balancers.
	ingress ingress
	// overlays are the environments' overlays, by name.
	overlays map[string]*overlay
	// zoneIDs are the hosted zones the services' aliases name; aliasAt is
	// the first alias.
	zoneIDs []string
	aliasAt place
	// catchAlls are the services whose rule matches every path with no host
	// name, in order.
	catchAlls []catchAllRule
	// privateALBs are the environments' http.private sections.
	privateALBs []place
	// noted are the notes made, by file, line and format: the fields of each.
	noted map[string][]string
	// serviceNames are the names of every workload's manifest, and
	// connectAliases the other name Service Connect gave some
	// (network.connect.alias), by service.
	serviceNames   []string
	connectAliases map[string]string
	// builds are the images Copilot built, as a Blueprint pipeline's builds
	// ({service, container, dockerfile, context}).
	builds []string
	// backends are the Backend Services, by name.
	backends map[string]*backend
	// topics are the Blueprint's topics, from the services' publish.topics:
	// each entry by its name.
	topics map[string]*yaml.Node
	// volumes are the Blueprint's volumes, from the services' volumes on
	// the environment's managed EFS.
	volumes []volume
	// tables and buckets are the Blueprint's, from storage init's addons;
	// storeNames their names; folders the workloads' folders' services.
	tables, buckets []*yaml.Node
	storeNames      []string
	folders         map[string]string
}

// pipeline notes a pipeline manifest, with the Blueprint's pipeline section
// that stands for it: a Blueprint's pipeline builds the images and deploys
// one stack, where Copilot's deploys its stages one after another.
func (c *conversion) pipeline(file string, m *yaml.Node) {
	address, _ := scalar(value(m, "source", "properties", "repository"))
	repo, ok := blueprint.OwnerName(address)
	if !ok {
		repo = "OWNER/NAME"
	}
	branch, ok := scalar(value(m, "source", "properties", "branch"))
	if !ok {
		branch = "main"
	}
	var stages []string
	for _, st := range resolveList(value(m, "stages")) {
		if name, ok := scalar(value(st, "name")); ok {
			stages = append(stages, name)
		}
	}
	section := fmt.Sprintf("pipeline: {source: {connection: CONNECTION_ARN, repository: %s, branch: %s}, builds: [%s], deployRole: ROLE_ARN}", repo, branch, strings.Join(c.builds, ", "))
	c.note(file, m, "pipeline", "not converted: a Blueprint's pipeline builds the images and deploys one stack, where this one deploys %s in turn: write %s, with the ARNs of the CodeConnections connection (Copilot's connection_name) and of the role CloudFormation assumes to update the stack%s; "+blueprint.DocsPipeline+" says more",
		strings.Join(stages, ", then "), section, laterBranches(stages))
}

// laterBranches says how stages deployed in turn map onto a Blueprint's
// environments, each of which gets a pipeline of its own that deploys on a
// push to its branch: the stages after the first watch branches of their
// own, into which what passed the stage before is merged. "" for one stage.
func laterBranches(stages []string) string {
	if len(stages) < 2 {
		return ""
	}
	last := stages[len(stages)-1]
	return fmt.Sprintf(". Each environment then gets a pipeline of its own, deploying on a push to its branch: to deploy %s after %s, give it a branch of its own in its overlay (environments: {%s: {pipeline: {source: {branch: release}}}}) and merge into it what passed %s",
		last, stages[len(stages)-2], last, stages[len(stages)-2])
}

// ingress is what the services of the base or of one environment ask of
// the load balancers.
type ingress struct {
	public, internal bool     // a service behind the public ALB, the shared internal one
	own              []string // the ids of the Backend Services' own internal ALBs
	hostnames, allow []string // http.alias and http.allowed_source_ips, in order
	certificate      string   // the environment's certificate ARN
	sslPolicy        string   // the environment's HTTPS listener's security policy
	// aliasOf and allowOf are each service's http.alias and
	// http.allowed_source_ips, where it writes them.
	aliasOf, allowOf map[string][]string
}

// inherit completes an environment's host names and sources allowed, where
// some of its services write their own: the ALB's lists are the services'
// together, so a service that writes none keeps the base's (names are the
// services, in order).
func (in *ingress) inherit(base ingress, names []string) {
	for _, f := range []struct {
		list       *[]string
		own, bases map[string][]string
	}{{&in.hostnames, in.aliasOf, base.aliasOf}, {&in.allow, in.allowOf, base.allowOf}} {
		if len(f.own) == 0 {
			continue
		}
		*f.list = nil
		for _, name := range names {
			values, ok := f.own[name]
			if !ok {
				values = f.bases[name]
			}
			*f.list = addOnce(*f.list, values...)
		}
	}
}

// overlay is one environment's overlay: its network, its ingress, and the
// services' fields that differ in it.
type overlay struct {
	accountID string // the account of the environment's certificate
	network   *yaml.Node
	ingress   ingress
	services  []*yaml.Node
}

// appName reads the application's name from .workspace, or takes the one
// given where there is none.
func appName(copilot fs.FS, given string) (string, error) {
	data, err := fs.ReadFile(copilot, ".workspace")
	if err != nil {
		if given != "" {
			return given, nil
		}
		return "", errors.New("no copilot/.workspace, which names the application: give gen the folder that holds copilot/, or copilot/ itself, or name the application with --app NAME")
	}
	var ws struct {
		Application string `yaml:"application"`
	}
	if err := yaml.Unmarshal(data, &ws); err != nil || ws.Application == "" {
		if given != "" {
			return given, nil
		}
		return "", errors.New("copilot/.workspace names no application (application: NAME): write it there, or name the application with --app NAME")
	}
	if given != "" && given != ws.Application {
		return "", fmt.Errorf("--app %s, but copilot/.workspace names the application %s: leave --app out, or give the name .workspace gives", given, ws.Application)
	}
	return ws.Application, nil
}

// read parses a manifest.
func (c *conversion) read(copilot fs.FS, file string) (*yaml.Node, error) {
	data, err := fs.ReadFile(copilot, file)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	c.Manifests = append(c.Manifests, file)
	if len(doc.Content) == 0 || resolve(doc.Content[0]).Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not a manifest (a mapping of fields)", file)
	}
	c.shellVariables(file, "", doc.Content[0])
	return resolve(doc.Content[0]), nil
}

// note records a field of a manifest, once: a value converted again for
// each environment is noted for the first.
func (c *conversion) note(file string, at *yaml.Node, field, format string, args ...any) {
	line := 1
	if at != nil {
		line = at.Line
	}
	// The same note of the same field, as an environment's overrides are
	// converted after the base; another note of the field is kept.
	key := fmt.Sprintf("%s:%d:%s", file, line, format)
	if slices.ContainsFunc(c.noted[key], func(f string) bool {
		return strings.HasSuffix(f, field) || strings.HasSuffix(field, f)
	}) {
		return
	}
	if c.noted == nil {
		c.noted = map[string][]string{}
	}
	c.noted[key] = append(c.noted[key], field)
	c.Notes = append(c.Notes, Note{file, line, field, fmt.Sprintf(format, args...)})
}

// catchAllRule is a service whose rule matches every path, and where.
type catchAllRule struct {
	place
	service, alb string
}

// place is where a manifest wrote something a later note is about: the
// manifest, the field's path and its node.
type place struct {
	file, field string
	at          *yaml.Node
}

// catchAllNote notes each service after the first that matches every path
// on the same ALB with no host name of its own: the ALB sends every
// request to the first.
func (c *conversion) catchAllNote() {
	first := map[string]string{} // the first catch-all service, by ALB
	for _, ca := range c.catchAlls {
		if other, ok := first[ca.alb]; ok {
			c.note(ca.file, ca.at, ca.field, "/ is the path of service %s too, and the ALB sends every request to the first of the two: Copilot told them apart by host name (a service's http.alias, or NAME.ENV.APP.DOMAIN under the application's domain), or they ran in different environments; give each service an alb.hosts of its own, or another path", other)
			continue
		}
		first[ca.alb] = ca.service
	}
}

// privateALBNote notes the environments' http.private: the internal ALB
// of the Backend Services with http, or those of the Backend Services that
// other services call, where there are some.
func (c *conversion) privateALBNote() {
	for _, p := range c.privateALBs {
		switch {
		case c.ingress.internal:
			c.note(p.file, p.at, p.field, "converted as the internal ALB of the Backend Services with http (ingress.albs, id %s); the fields under it are not converted", internalALB)
		case len(c.ingress.own) > 0:
			c.note(p.file, p.at, p.field, "converted as the internal ALBs of the Backend Services that other services call (ingress.albs, id %s); the fields under it are not converted", strings.Join(c.ingress.own, ", "))
		default:
			c.note(p.file, p.at, p.field, "not converted: no Backend Service has http, so the Blueprint has no internal ALB")
		}
	}
}

// zoneNote notes aliases whose hosted zone's ID no manifest gives, or that
// are in more than one: a Blueprint's records and certificates are in one
// zone, dns.zoneId.
func (c *conversion) zoneNote() {
	zone := c.zone()
	switch {
	case zone == "" || c.aliasAt.at == nil:
	case len(c.zoneIDs) == 0:
		c.note(c.aliasAt.file, c.aliasAt.at, c.aliasAt.field, "no manifest gives the ID of the hosted zone %s (Copilot took it from the application's domain): write it as dns.zoneId, without /hostedzone/ (%s prints it)", zone, blueprint.ZoneIDLookup(zone))
	case len(c.zoneIDs) > 1:
		c.note(c.aliasAt.file, c.aliasAt.at, c.aliasAt.field, "the aliases are in %d hosted zones (%s), and a Blueprint's host names in one, dns.zone: keep the names of one zone", len(c.zoneIDs), strings.Join(c.zoneIDs, ", "))
	}
}

// blueprint assembles and writes the Blueprint.
func (c *conversion) blueprint() ([]byte, error) {
	root := mapping()
	put(root, "name", text(c.app))
	put(root, "description", text("the AWS Copilot application "+c.app+", converted by gen from-copilot"))
	if zone := c.zone(); zone != "" {
		dns := put(mapping(), "zone", text(zone))
		if len(c.zoneIDs) == 1 {
			put(dns, "zoneId", text(c.zoneIDs[0]))
		}
		put(root, "dns", oneLine(dns))
	}
	if len(c.repositories) > 0 {
		put(root, "ecr", put(mapping(), "existing", texts(c.repositories)))
	}
	if in := c.ingress.node(); in != nil {
		put(root, "ingress", in)
	}
	if len(c.topics) > 0 {
		topics := list()
		for _, name := range slices.Sorted(maps.Keys(c.topics)) {
			topics.Content = append(topics.Content, c.topics[name])
		}
		put(root, "topics", topics)
	}
	if len(c.buckets) > 0 {
		put(root, "buckets", list(c.buckets...))
	}
	if len(c.tables) > 0 {
		put(root, "tables", list(c.tables...))
	}
	if len(c.volumes) > 0 {
		volumes := list()
		for _, v := range c.volumes {
			volumes.Content = append(volumes.Content, v.node())
		}
		put(root, "volumes", volumes)
	}
	put(root, "services", list(catchAllLast(c.services)...))
	if len(c.overlays) > 0 {
		envs := mapping()
		for _, name := range slices.Sorted(maps.Keys(c.overlays)) {
			envs.Content = append(envs.Content, text(name), c.overlays[name].node(c.ingress))
		}
		put(root, "environments", envs)
	}
	root.HeadComment = c.header()
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	enc.Close()
	return out.Bytes(), nil
}

// header is the comment at the head of the Blueprint: the editor schema,
// where it came from and the notes.
func (c *conversion) header() string {
	lines := []string{
		strings.TrimPrefix(blueprint.SchemaComment, "# "),
		"Converted by gen from-copilot from the AWS Copilot application " + c.app + " (" + strings.Join(c.Manifests, ", ") + ").",
		"Review it, then check it with gen validate. Deploy it beside the Copilot application, move",
		"the traffic (the DNS records of its host names), then delete the Copilot stacks.",
	}
	if len(c.Notes) > 0 {
		lines = append(lines, "", "Not converted as written, or yours to decide (manifest:line: field: what to do):")
		for _, n := range c.Notes {
			lines = append(lines, "  "+n.String())
		}
	}
	return strings.Join(lines, "\n")
}

// node writes the ingress the services ask for: the public ALB, with the
// host names and the sources allowed, and an internal one for the Backend
// Services behind a load balancer.
func (in ingress) node() *yaml.Node {
	alb := in.public || len(in.hostnames) > 0 || len(in.allow) > 0 || in.certificate != ""
	if !alb && !in.internal && len(in.own) == 0 {
		return nil
	}
	n := mapping()
	if alb {
		put(n, "alb", in.alb(nil))
	}
	var albs []*yaml.Node
	if in.internal {
		albs = append(albs, internalALBNode(internalALB))
	}
	for _, id := range in.own {
		albs = append(albs, internalALBNode(id))
	}
	if len(albs) > 0 {
		put(n, "albs", list(albs...))
	}
	return n
}

// internalALBNode is an entry of ingress.albs: an internal ALB.
func internalALBNode(id string) *yaml.Node {
	return oneLine(put(put(mapping(), "id", text(id)), "scheme", text("internal")))
}

// alb writes the public ALB's certificate, host names and sources allowed.
// In an environment's overlay, base is the base's ingress: a field of the
// base's certificate the environment's does not have is set to null, which
// takes it away (an imported certificate's ARN replaces a domain).
func (in ingress) alb(base *ingress) *yaml.Node {
	alb := mapping()
	if cert := in.certificateNode(); cert != nil {
		if base != nil {
			cert = takesAway(cert, base.certificateNode())
		}
		put(alb, "certificate", cert)
	}
	if len(in.hostnames) > 0 {
		put(alb, "hostnames", texts(in.hostnames))
	}
	if len(in.allow) > 0 {
		put(alb, "allow", texts(in.allow))
	}
	if in.sslPolicy != "" {
		put(alb, "sslPolicy", text(in.sslPolicy))
	}
	if len(alb.Content) == 0 {
		alb.Style = yaml.FlowStyle
	}
	return alb
}

// certificateNode is the ALB's certificate: the environment's imported one,
// or one for the host names that the template creates.
func (in ingress) certificateNode() *yaml.Node {
	switch {
	case in.certificate != "":
		return oneLine(put(mapping(), "arn", text(in.certificate)))
	case len(in.hostnames) > 0:
		cert := put(mapping(), "domain", text(in.hostnames[0]))
		if len(in.hostnames) > 1 {
			put(cert, "alternativeNames", texts(in.hostnames[1:]))
		}
		return oneLine(cert)
	}
	return nil
}

// catchAllLast orders the services whose listener rule matches every path
// (Copilot's http.path "/") after the others: an ALB tries its rules in
// priority order, a Blueprint's in the services' order, where Copilot
// ordered them by the paths themselves.
func catchAllLast(services []*yaml.Node) []*yaml.Node {
	out := slices.Clone(services)
	slices.SortStableFunc(out, func(a, b *yaml.Node) int {
		return cmp.Compare(catchAll(a), catchAll(b))
	})
	return out
}

// catchAll is 1 for a service whose paths hold /* on a load balancer
// other services share, else 0: a Backend Service's own ALB has one rule.
func catchAll(service *yaml.Node) int {
	if lb, _ := scalar(value(service, "alb", "loadBalancer")); lb != "" && lb != internalALB {
		return 0
	}
	for _, p := range resolveList(value(service, "alb", "paths")) {
		if p.Value == "/*" {
			return 1
		}
	}
	return 0
}

// internalALB is the id of the internal ALB of the Backend Services that
// had a load balancer.
const internalALB = "internal"

// zone is the hosted zone of the host names of the base and of every
// environment: the parent domain of the shortest, as Copilot's
// application domain is the parent of its services' names. A name holding
// a shell variable is in no zone gen can know (its note says so).
func (c *conversion) zone() string {
	all := slices.Clone(c.ingress.hostnames)
	for _, o := range c.overlays {
		all = append(all, o.ingress.hostnames...)
	}
	all = slices.DeleteFunc(all, func(h string) bool { return strings.Contains(h, "${") })
	if len(all) == 0 {
		return ""
	}
	slices.SortFunc(all, func(a, b string) int {
		return cmp.Or(cmp.Compare(strings.Count(a, "."), strings.Count(b, ".")), cmp.Compare(a, b))
	})
	if strings.Count(all[0], ".") < 2 {
		return all[0] // a domain's apex (example.com) is in the domain's own zone
	}
	return blueprint.ParentDomain(all[0])
}

// node writes an environment's overlay; base is the base's ingress.
func (o *overlay) node(base ingress) *yaml.Node {
	n := mapping()
	if o.accountID != "" {
		put(n, "accountId", text(o.accountID))
	}
	if o.network != nil {
		put(n, "network", o.network)
	}
	if len(o.ingress.hostnames) > 0 || len(o.ingress.allow) > 0 || o.ingress.certificate != "" || o.ingress.sslPolicy != "" {
		// Only the ALB's fields an environment changes: its scheme and the
		// internal ALB are the base's.
		put(n, "ingress", put(mapping(), "alb", o.ingress.alb(&base)))
	}
	if len(o.services) > 0 {
		put(n, "services", list(o.services...))
	}
	if len(n.Content) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n
}

// overlayOf returns an environment's overlay, new if need be.
func (c *conversion) overlayOf(env string) *overlay {
	o := c.overlays[env]
	if o == nil {
		o = &overlay{}
		c.overlays[env] = o
	}
	return o
}

// addOnce appends the items of more that list lacks.
func addOnce(list []string, more ...string) []string {
	for _, s := range more {
		if !slices.Contains(list, s) {
			list = append(list, s)
		}
	}
	return list
}

// joinNotes writes notes one a line.
func joinNotes(notes []Note) string {
	var lines []string
	for _, n := range notes {
		lines = append(lines, "  "+n.String())
	}
	return strings.Join(lines, "\n")
}

// dirOf is the folder of a manifest: the workload's or environment's name
// when the manifest names none.
func dirOf(file string) string { return path.Base(path.Dir(file)) }

// shellVariable is ${NAME} in a manifest's value.
var shellVariable = lazyre.New(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// shellVariables notes each value that holds ${NAME}: Copilot filled it in
// from the environment of the shell that ran it, which gen does not read
// (a Blueprint is the same whoever renders it). Copilot's own variables
// are converted where they are read; an ECR image whose tag is a variable
// becomes a repository and tag. An alias is walked where it is defined.
func (c *conversion) shellVariables(file, field string, n *yaml.Node) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			c.shellVariables(file, strings.TrimPrefix(field+"."+n.Content[i].Value, "."), n.Content[i+1])
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			c.shellVariables(file, fmt.Sprintf("%s[%d]", field, i), item)
		}
	case yaml.ScalarNode:
		if _, ok := ecrVariableImage(n.Value); ok {
			return
		}
		var names []string
		for _, m := range shellVariable.FindAllStringSubmatch(n.Value, -1) {
			if !strings.HasPrefix(m[1], "COPILOT_") && !slices.Contains(names, "${"+m[1]+"}") {
				names = append(names, "${"+m[1]+"}")
			}
		}
		if len(names) > 0 {
			c.note(file, n, field, "Copilot filled in %s from the environment of the shell that ran it, and a Blueprint is the same whoever renders it: write the value, or its own value in each environment's overlay", strings.Join(names, " and "))
		}
	}
}

// ecrImage is an image in ECR whose account, Region or tag is a shell
// variable, as a pipeline that tags each build, or a manifest written for
// any account, writes it.
var ecrImage = lazyre.New(`^(\d{12}|\$\{[A-Za-z_][A-Za-z0-9_]*\})\.dkr\.ecr\.([a-z0-9-]+|\$\{[A-Za-z_][A-Za-z0-9_]*\})\.amazonaws\.com(?:\.cn)?/([a-z0-9][a-z0-9._/-]*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|\$\{[A-Za-z_][A-Za-z0-9_]*\})$`)

// ecrImageRef is an ECR image that names its account, Region or tag by a
// shell variable: the Blueprint's image in that repository, in the stack's
// account and Region.
type ecrImageRef struct {
	repository string
	tag        string   // "" where the tag is a variable
	variables  []string // ${NAME}, in order
}

// ecrVariableImage returns the ECR image an image location names with
// shell variables, or false.
func ecrVariableImage(image string) (ecrImageRef, bool) {
	m := ecrImage.FindStringSubmatch(image)
	if m == nil {
		return ecrImageRef{}, false
	}
	ref := ecrImageRef{repository: m[3], tag: m[4]}
	for _, part := range []string{m[1], m[2], m[4]} {
		if strings.HasPrefix(part, "${") {
			ref.variables = append(ref.variables, part)
		}
	}
	if strings.HasPrefix(ref.tag, "${") {
		ref.tag = ""
	}
	return ref, len(ref.variables) > 0
}
