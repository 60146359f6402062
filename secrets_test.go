package ecsgate_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate"
	"github.com/ecsgate/ecsgate/blueprint"
)

// TestNoWildcardForSecrets walks every IAM policy of every golden template and
// fails on a "*" resource for an ssm, secretsmanager or kms action. (Key
// policies are not IAM policies: there "*" means the key itself.)
func TestNoWildcardForSecrets(t *testing.T) {
	checked := 0
	for _, dir := range outputDirs(t) {
		for id, res := range goldenResources(t, dir) {
			r := res.(map[string]any)
			props, _ := r["Properties"].(map[string]any)
			var documents []any
			switch r["Type"] {
			case "AWS::IAM::Role":
				policies, _ := props["Policies"].([]any)
				for _, p := range policies {
					documents = append(documents, p.(map[string]any)["PolicyDocument"])
				}
			case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
				documents = append(documents, props["PolicyDocument"])
			}
			for _, d := range documents {
				for _, st := range d.(map[string]any)["Statement"].([]any) {
					s := st.(map[string]any)
					for _, action := range asList(s["Action"]) {
						service, _, _ := strings.Cut(action, ":")
						if service != "ssm" && service != "secretsmanager" && service != "kms" {
							continue
						}
						checked++
						for _, resource := range asList(s["Resource"]) {
							if resource == "*" {
								t.Errorf("%s: %s grants %s on *", dir, id, action)
							}
						}
					}
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no ssm, secretsmanager or kms grant found: the walk checked nothing")
	}
}

func asList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// marker stands for a secret a user wrongly writes into a Blueprint.
const marker = "Mk7-s3cr3t-9fQ2"

// TestNoSecretValueAnywhere plants the marker where users put secrets by
// mistake: each is refused, no problem message repeats it, gen writes nothing
// and prints it nowhere. No golden file contains a secret-looking value either.
func TestNoSecretValueAnywhere(t *testing.T) {
	base, err := os.ReadFile("golden/ssm-secrets/blueprint.yaml")
	if err != nil {
		t.Fatal(err)
	}
	plants := map[string][2]string{
		"inline secret value":       {"SESSION_KEY: {secret: session-key}", "SESSION_KEY: {value: " + marker + "}"},
		"value beside a parameter":  {"DB_PASSWORD: {parameter: database/sample/master/password, kmsKey: app}", "DB_PASSWORD: {parameter: database/sample/master/password, kmsKey: app, value: " + marker + "}"},
		"SecureString with a value": {"    - {name: database/sample/master/port, value: \"3306\"}", "    - {name: database/sample/master/port, value: \"3306\"}\n    - {name: database/sample/master/password, type: SecureString, value: " + marker + "}"},
		"generated secret value":    {"    length: 48", "    length: 48\n    value: " + marker},
		"password in environment":   {"PARAMETER_STORE_PREFIX: goecssample", "PARAMETER_STORE_PREFIX: goecssample\n          DB_PASSWORD2: " + marker},
		"password in secret fields": {"    length: 48", "    length: 48\n    jsonKey: key\n    fields: {password: " + marker + "}"},
	}
	for name, plant := range plants {
		t.Run(name, func(t *testing.T) {
			src := strings.Replace(string(base), plant[0], plant[1], 1)
			if !strings.Contains(src, marker) {
				t.Fatal("marker not planted")
			}
			_, err := blueprint.Read("planted.yaml", []byte(src))
			if err == nil {
				t.Fatal("a secret value in the Blueprint was accepted")
			}
			if strings.Contains(err.Error(), marker) {
				t.Errorf("the problem message repeats the secret:\n%v", err)
			}
			files, err := ecsgate.RenderFile(writeTemp(t, src))
			if err == nil || len(files) > 0 {
				t.Error("rendered a Blueprint holding a secret value")
			}
		})
	}
	for _, dir := range outputDirs(t) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			data, _ := os.ReadFile(filepath.Join(dir, e.Name()))
			if bytes.Contains(data, []byte(marker)) || bytes.Contains(data, []byte("SecretString: ")) {
				t.Errorf("%s/%s holds a secret value", dir, e.Name())
			}
		}
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "blueprint.yaml")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestParameterCommandsRun runs, in bash, the commands gen secrets prints
// and the first deploy's re-encryption, with an aws command that records
// its arguments: the value typed reaches put-parameter as one argument,
// exactly as typed (spaces, quotes and $ included), nothing is left in the
// shell afterwards, and the re-encryption puts back what Parameter Store
// returns without asking for it again.
func TestParameterCommandsRun(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	b, err := ecsgate.LoadExample("ssm-secrets")
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.ResolveEnvironment("")
	if err != nil {
		t.Fatal(err)
	}
	missing := ecsgate.MissingParameters(res, "shop")
	if len(missing) == 0 {
		t.Fatal("the example has no parameter to create")
	}
	dir := t.TempDir()
	// aws records each call's arguments, one per line, and answers
	// get-parameter with a stored value.
	stub := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> \"$AWS_CALLS\"\necho '--' >> \"$AWS_CALLS\"\ncase \"$2\" in get-parameter) printf '%s\\n' 'stored value';; esac\n"
	if err := os.WriteFile(filepath.Join(dir, "aws"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	const typed = `p@ss word "x" $HOME`
	var steps []string
	for _, s := range ecsgate.FirstDeploy(res, nil, "out", "out", "shop", "shop.yaml") {
		if strings.Contains(strings.Join(s.Commands, "\n"), "--overwrite") {
			steps = append(steps, s.Commands...)
		}
	}
	script := ecsgate.PutParameterCommands(missing) + strings.Join(steps, "\n") + "\necho \"left: [${VALUE-}]\"\n"
	cmd := exec.Command(bash, "-c", script)
	calls := filepath.Join(dir, "calls")
	cmd.Env = append(os.Environ(), "PATH="+dir+":"+os.Getenv("PATH"), "AWS_CALLS="+calls)
	cmd.Stdin = strings.NewReader(typed + "\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if !strings.Contains(string(out), "left: []") {
		t.Errorf("the value is left in the shell: %s", out)
	}
	recorded, _ := os.ReadFile(calls)
	puts := strings.Split(strings.TrimSuffix(string(recorded), "--\n"), "--\n")
	var values []string
	for _, call := range puts {
		args := strings.Split(strings.TrimSuffix(call, "\n"), "\n")
		if len(args) > 1 && args[1] == "put-parameter" {
			values = append(values, args[len(args)-1])
		}
	}
	if len(values) != 2 || values[0] != typed || values[1] != "stored value" {
		t.Errorf("put-parameter's values = %q, want [%q, %q]; the calls:\n%s", values, typed, "stored value", recorded)
	}
}
