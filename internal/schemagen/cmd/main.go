// Command cmd writes schema/blueprint.schema.json; go generate runs it from
// the module root.
package main

import (
	"fmt"
	"os"

	"github.com/ecsgate/ecsgate/internal/schemagen"
)

func main() {
	data, err := schemagen.Generate("blueprint")
	if err == nil {
		err = os.WriteFile(schemagen.File, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
