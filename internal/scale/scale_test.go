package scale

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsgate/ecsgate/blueprint"
)

var (
	write  = flag.String("write", "", "write the Blueprints of -sizes services (10 routes each) into this folder")
	sizes  = flag.String("sizes", "10,50,200", "comma-separated numbers of services for -write")
	public = flag.Bool("public", false, "with -write, public ALBs called with the secret header (backend alb-public), written as scale-N-public.yaml")
	routes = flag.Int("routes", len(routeShapes), "with -write, the routes per service")
)

// TestWrite writes generated Blueprints to a folder, for whole-process
// measurements of gen (go test ./internal/scale -run TestWrite -write DIR,
// then /usr/bin/time -v gen render -f DIR/scale-200.yaml -o OUT) and CI.
func TestWrite(t *testing.T) {
	if *write == "" {
		t.Skip("no -write folder given")
	}
	for _, field := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil {
			t.Fatalf("-sizes: %v", err)
		}
		name, blueprintOf := "scale-"+strconv.Itoa(n)+".yaml", Blueprint
		if *public {
			name, blueprintOf = "scale-"+strconv.Itoa(n)+"-public.yaml", PublicBlueprint
		}
		if err := os.WriteFile(filepath.Join(*write, name), blueprintOf("scale", n, *routes, ""), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBlueprintsAreValid: every size the generator is used at validates, so
// the benchmarks measure real work and CI's checks real applications.
func TestBlueprintsAreValid(t *testing.T) {
	for _, n := range []int{1, 10, 50, 60, 99, 100, 101, 200, 250} {
		for _, routes := range []int{0, 1, 3, MaxRoutes} {
			if _, err := blueprint.Read("scale.yaml", Blueprint("scale", n, routes, "a header")); err != nil {
				t.Errorf("%d services x %d routes: %v", n, routes, err)
			}
			if _, err := blueprint.Read("scale.yaml", PublicBlueprint("scale", n, routes, "a header")); err != nil {
				t.Errorf("public, %d services x %d routes: %v", n, routes, err)
			}
		}
	}
}
