package diff

import (
	"bytes"
	"strings"
	"testing"
)

// TestReplacementRules: a change replaces the resource when it touches a
// create-only property: the property itself, below it, or above it (the
// whole object); * in a schema pointer stands for any list index.
func TestReplacementRules(t *testing.T) {
	for _, c := range []struct {
		pointers []string
		path     string
		want     bool
	}{
		{[]string{"Name"}, "Name", true},
		{[]string{"Name"}, "Names", false},
		{[]string{"EncryptionConfiguration/KmsKey"}, "EncryptionConfiguration", true},
		{[]string{"EncryptionConfiguration"}, "EncryptionConfiguration/KmsKey", true},
		{[]string{"Tags/*/Key"}, "Tags/3/Key", true},
		{[]string{"Tags/*/Key"}, "Tags/3/Value", false},
		{nil, "Name", false},
	} {
		if got := matches(c.pointers, strings.Split(c.path, "/")); got != c.want {
			t.Errorf("%v at %s: %v", c.pointers, c.path, got)
		}
	}
}

// TestTemplates: short and long forms of an intrinsic compare equal; a type
// change replaces; a property without replacement does not; a resource of a
// type the data does not know is marked unknown.
func TestTemplates(t *testing.T) {
	old := []byte("Resources:\n  Q:\n    Type: AWS::Example::Widget\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: a\n      VpcId: !Ref Vpc\n      Tags: [{Key: k, Value: v}]\n")
	new := []byte("Resources:\n  Q:\n    Type: AWS::Example::Widget\n    Properties: {DelaySeconds: 5}\n  G:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: a\n      VpcId: {\"Ref\": \"Vpc\"}\n      Tags: [{Key: k, Value: w}]\n")
	r, err := Templates("t.yaml", old, new)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Resources) != 2 {
		t.Fatalf("%+v", r.Resources)
	}
	g, q := r.Resources[0], r.Resources[1]
	if g.ID != "G" || g.Replacement != NoReplacement || len(g.Properties) != 1 || g.Properties[0].Path != "Properties.Tags[0].Value" {
		t.Errorf("G: %+v", g)
	}
	if q.ID != "Q" || q.Replacement != Unknown {
		t.Errorf("Q: %+v", q)
	}
	changedDescription := bytes.Replace(old, []byte("GroupDescription: a"), []byte("GroupDescription: b"), 1)
	r, _ = Templates("t.yaml", old, changedDescription)
	if r.Replaced() != 1 || r.Resources[0].Replacement != Replaces {
		t.Errorf("GroupDescription is create-only: %+v", r.Resources)
	}
	retyped := bytes.Replace(old, []byte("AWS::Example::Widget"), []byte("AWS::SNS::Topic"), 1)
	if r, _ = Templates("t.yaml", old, retyped); r.Replaced() != 1 {
		t.Errorf("a type change replaces: %+v", r.Resources)
	}
}

// TestParameterDefaultsDeploy: the stack's deploy command gen prints gives
// every parameter its default, so a default that changes is a change of
// what refers to it, through a Ref or a Sub variable: a new tag is a new
// task definition revision, a new Availability Zone a replaced subnet. A
// parameter without a default, and a resource that does not refer to the
// parameter, do not change.
func TestParameterDefaultsDeploy(t *testing.T) {
	template := func(tag, zone string) []byte {
		return []byte(`Parameters:
  AppImageTag: {Type: String, Default: "` + tag + `"}
  Zone: {Type: AWS::EC2::AvailabilityZone::Name, Default: ` + zone + `}
  Given: {Type: String}
Resources:
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - {Name: app, Image: !Sub "repo/app:${AppImageTag}"}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Given, CidrBlock: 10.0.0.0/24, AvailabilityZone: !Ref Zone}
  Queue:
    Type: AWS::SQS::Queue
    Properties: {QueueName: !Ref Given}
`)
	}
	r, err := Templates("template.yaml", template("1.0.0", "ap-northeast-1a"), template("1.0.1", "ap-northeast-1c"))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	Write(&out, Comparison{Reports: []Report{r}})
	want := `template.yaml
  ~ Subnet (AWS::EC2::Subnet)  REPLACED
      Properties.AvailabilityZone: "ap-northeast-1a" -> "ap-northeast-1c"  [replacement]
  ~ Task (AWS::ECS::TaskDefinition)  NEW REVISION (ECS rolls the service to it)
      Properties.ContainerDefinitions[0].Image: {"Fn::Sub":"repo/app:1.0.0"} -> {"Fn::Sub":"repo/app:1.0.1"}
  ~ AppImageTag: "1.0.0" -> "1.0.1" (parameter)
  ~ Zone: "ap-northeast-1a" -> "ap-northeast-1c" (parameter)
0 added, 0 removed, 2 changed; 2 replaced (1 new task definition revisions); 0 losing data or identity; 0 collisions
`
	if out.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestShowChange: short values are shown whole; two long values that
// differ in one place are shown from a little before it, each cut to a line;
// a value added or removed is shown from its start.
func TestShowChange(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, c := range []struct {
		name     string
		old, new any
		want     string
	}{
		{"short", "web", "website", `"web" -> "website"`},
		{"absent", nil, map[string]any{"Ref": "X"}, `(absent) -> {"Ref":"X"}`},
		{"long, one change in the middle", long + "web" + long, long + "website" + long,
			"..." + strings.Repeat("a", 37) + "web" + strings.Repeat("a", 117) + "... -> ..." + strings.Repeat("a", 37) + "website" + strings.Repeat("a", 113) + "..."},
		{"long, changed at the start", "x" + long, "y" + long,
			`"x` + strings.Repeat("a", 155) + `... -> "y` + strings.Repeat("a", 155) + "..."},
		{"long, added", nil, long, `(absent) -> "` + strings.Repeat("a", 156) + "..."},
		{"multi-byte letters are not cut in two", strings.Repeat("é", 100) + "1", strings.Repeat("é", 100) + "2",
			"..." + strings.Repeat("é", 20) + `1" -> ...` + strings.Repeat("é", 20) + `2"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := showChange(c.old, c.new); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestLosses: a removed resource that holds data counts as a loss, with
// what it holds (a queue its messages); a changed setting in place does
// not, nor a removed resource that holds nothing.
func TestLosses(t *testing.T) {
	old := []byte("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties: {VisibilityTimeout: 30}\n  P:\n    Type: AWS::SQS::QueuePolicy\n    Properties: {Queues: [x], PolicyDocument: {}}\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 30}\n")
	changed := bytes.Replace(old, []byte("VisibilityTimeout: 30"), []byte("VisibilityTimeout: 60"), 1)
	if r, _ := Templates("t.yaml", old, changed); r.Losses() != 0 {
		t.Errorf("a queue's setting changed in place loses data: %+v", r.Resources)
	}
	removed := []byte("Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 30}\n")
	r, _ := Templates("t.yaml", old, removed)
	if r.Losses() != 1 {
		t.Fatalf("%d losses, want the queue's alone: %+v", r.Losses(), r.Resources)
	}
	for _, c := range r.Resources {
		if c.ID == "Q" && (!c.Loses() || c.Holds != "the messages waiting in it") {
			t.Errorf("Q: %+v", c)
		}
	}
}

// TestVolumeLosses: a volume's file system replaced (its encryption, a
// create-only property, changed) is a loss of its files, kept orphaned by
// its policies, and so is one removed; its backups changed are not.
func TestVolumeLosses(t *testing.T) {
	old := []byte("Resources:\n  Files:\n    Type: AWS::EFS::FileSystem\n    DeletionPolicy: RetainExceptOnCreate\n    UpdateReplacePolicy: Retain\n    Properties: {Encrypted: true, BackupPolicy: {Status: ENABLED}}\n")
	for _, c := range []struct {
		name   string
		new    []byte
		losses int
	}{
		{"backups changed in place", bytes.Replace(old, []byte("ENABLED"), []byte("DISABLED"), 1), 0},
		{"replaced", bytes.Replace(old, []byte("Encrypted: true"), []byte("Encrypted: false"), 1), 1},
		{"removed", []byte("Resources:\n  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 30}\n"), 1},
	} {
		r, err := Templates("t.yaml", old, c.new)
		if err != nil {
			t.Fatal(err)
		}
		if r.Losses() != c.losses {
			t.Errorf("%s: %d losses, want %d: %+v", c.name, r.Losses(), c.losses, r.Resources)
		}
		for _, res := range r.Resources {
			if res.ID == "Files" && res.Loses() && (res.Holds != "its files" || !res.Retained) {
				t.Errorf("%s: holds %q, kept %v", c.name, res.Holds, res.Retained)
			}
		}
	}
}

// TestOwnerNote: a volume's user changed (its access point's PosixUser)
// says that the files keep their first owner; another change of the
// access point says nothing.
func TestOwnerNote(t *testing.T) {
	old := []byte("Resources:\n  Point:\n    Type: AWS::EFS::AccessPoint\n    Properties: {FileSystemId: fs-0123456789abcdef0, PosixUser: {Uid: \"1000\", Gid: \"1000\"}, RootDirectory: {Path: /data}}\n")
	for _, c := range []struct {
		name string
		new  []byte
		note bool
	}{
		{"the user", bytes.Replace(old, []byte("Uid: \"1000\""), []byte("Uid: \"33\""), 1), true},
		{"the directory", bytes.Replace(old, []byte("/data"), []byte("/files"), 1), false},
	} {
		r, err := Templates("t.yaml", old, c.new)
		if err != nil {
			t.Fatal(err)
		}
		var out strings.Builder
		Write(&out, Comparison{Reports: []Report{r}})
		if got := strings.Contains(out.String(), ">>> the volume's user changes"); got != c.note {
			t.Errorf("%s: note %v, want %v:\n%s", c.name, got, c.note, out.String())
		}
	}
}
