package controls

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
)

// The referee: AWS's own cfn-guard rules, from the npm package CI installs
// into .ci/npm. Without it the tests that need it skip, but where
// ECSGATE_REQUIRE_GUARD is set (CI) they fail instead.
const guardPackage = "../.ci/npm/node_modules/@cdklabs/cdk-validator-cfnguard"

// guard returns the cfn-guard binary and the Control Tower rules.
func guard(t *testing.T) (bin, rules string) {
	t.Helper()
	bin = filepath.Join(guardPackage, "bin", "ubuntu", "x86_64", "cfn-guard")
	rules = filepath.Join(guardPackage, "rules", "control-tower", "cfn-guard")
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("ECSGATE_REQUIRE_GUARD") != "" {
			t.Fatalf("cfn-guard is not installed (%v): run npm ci in .ci/npm", err)
		}
		t.Skip("cfn-guard is not installed: npm ci in .ci/npm installs it")
	}
	// npm leaves the bundled binary without its execute bit.
	if err := os.Chmod(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin, rules
}

// guardFindings runs cfn-guard over the files and returns its findings as
// "file control resource" lines, sorted.
func guardFindings(t *testing.T, files []string) []string {
	t.Helper()
	bin, rules := guard(t)
	// cfn-guard reads the rules again for every run and checks one file
	// at a time: the files go in batches, one run per core at once.
	var (
		mu      sync.Mutex
		all     []string
		wg      sync.WaitGroup
		batches = make(chan []string)
	)
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				args := []string{"validate", "-r", rules, "--structured", "-o", "json", "--show-summary", "none"}
				for _, f := range batch {
					args = append(args, "-d", f)
				}
				out, err := exec.Command(bin, args...).Output()
				if err != nil && len(out) == 0 {
					t.Errorf("cfn-guard: %v", err)
					continue
				}
				var reports []struct {
					Name         string            `json:"name"`
					NotCompliant []json.RawMessage `json:"not_compliant"`
				}
				if err := json.Unmarshal(out, &reports); err != nil {
					t.Errorf("cfn-guard's report: %v", err)
					continue
				}
				for _, r := range reports {
					found := reportFindings(t, r.Name, r.NotCompliant)
					mu.Lock()
					all = append(all, found...)
					mu.Unlock()
				}
			}
		}()
	}
	size := max(1, min(20, len(files)/runtime.NumCPU()+1))
	for len(files) > 0 {
		n := min(size, len(files))
		batches <- files[:n]
		files = files[n:]
	}
	close(batches)
	wg.Wait()
	sort.Strings(all)
	return all
}

var (
	controlID    = regexp.MustCompile(`\[(CT\.[A-Z0-9]+\.PR\.\d+)\]`)
	resourcePath = regexp.MustCompile(`"/Resources/([^/"\[]+)`)
)

// reportFindings reads the resources each failed rule of one file names in
// its paths: those of the types the control checks (a rule's paths also
// lead to the resources it follows a reference to).
func reportFindings(t *testing.T, file string, failed []json.RawMessage) []string {
	file = abs(t, file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var list []string
	for _, f := range failed {
		m := controlID.FindSubmatch(f)
		if m == nil {
			t.Errorf("%s: a failed rule without a Control Tower ID: %.200s", file, f)
		}
		c := Lookup(string(m[1]))
		for _, p := range resourcePath.FindAllSubmatch(f, -1) {
			id := string(p[1])
			if c != nil && !c.applies(tmpl.Resources[id].Type) {
				continue
			}
			line := file + " " + string(m[1]) + " " + id
			if !seen[line] {
				seen[line] = true
				list = append(list, line)
			}
		}
	}
	return list
}

// ourFindings checks the files with Check, in the same form.
func ourFindings(t *testing.T, files []string) []string {
	t.Helper()
	var all []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		findings, err := CheckFile(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, x := range findings {
			all = append(all, abs(t, f)+" "+x.Control+" "+x.Resource)
		}
	}
	sort.Strings(all)
	return all
}

// goldenTemplates are every template file of the golden examples: the
// application's (with its nested stacks), the shared stack's, the
// pipeline's.
func goldenTemplates(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("../golden", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		switch filepath.Base(path) {
		case "blueprint.yaml", "openapi.yaml":
			return nil
		}
		files = append(files, path)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestSameFindingsAsCfnGuard checks every golden template with Check and
// with cfn-guard and AWS's rules: the same controls on the same resources,
// no more, no fewer.
func TestSameFindingsAsCfnGuard(t *testing.T) {
	files := goldenTemplates(t)
	theirs := guardFindings(t, files)
	ours := ourFindings(t, files)
	compare(t, theirs, ours)
	t.Logf("%d findings on %d golden templates, the same as cfn-guard's", len(ours), len(files))
}

// abs is the file's absolute path, as cfn-guard names it.
func abs(t *testing.T, file string) string {
	a, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// compare reports the lines only one side has.
func compare(t *testing.T, theirs, ours []string) {
	t.Helper()
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, l := range list {
			m[l] = true
		}
		return m
	}
	th, us := in(theirs), in(ours)
	for _, l := range theirs {
		if !us[l] {
			t.Errorf("cfn-guard finds, Check does not: %s", l)
		}
	}
	for _, l := range ours {
		if !th[l] {
			t.Errorf("Check finds, cfn-guard does not: %s", l)
		}
	}
}
