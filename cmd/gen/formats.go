package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ecsgate/ecsgate/blueprint"
)

// Output formats of gen validate.
const (
	formatText   = "text"
	formatJSON   = "json"
	formatGitHub = "github"
)

// reportAs prints err in the given format and returns the exit code: text on
// stderr as everywhere else; json (an array) and github (workflow commands)
// on stdout, where CI reads them. An error that is not a list of problems
// (an unreadable file) is text on stderr in every format.
func reportAs(format string, stdout, stderr io.Writer, err error) int {
	var problems blueprint.Problems
	if format == formatText || !errors.As(err, &problems) {
		return report(stderr, err)
	}
	switch format {
	case formatJSON:
		out, _ := json.MarshalIndent(problems, "", "  ")
		fmt.Fprintf(stdout, "%s\n", out)
	case formatGitHub:
		for _, p := range problems {
			fmt.Fprintln(stdout, githubCommand(p))
		}
	}
	return exitProblem
}

// githubCommand is a problem as a GitHub Actions workflow command, which
// shows it on its line of the pull request: ::error file=F,line=L,col=C::
// message (::warning for a warning). Property values escape %, CR, LF, :
// and ,; the message %, CR and LF.
func githubCommand(p blueprint.Problem) string {
	command := "error"
	if p.Warning {
		command = "warning"
	}
	property := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	message := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	text := p
	text.File, text.Line, text.Column, text.Warning = "", 0, 0, false
	return fmt.Sprintf("::%s file=%s,line=%d,col=%d,title=%s::%s", command,
		property.Replace(p.File), p.Line, p.Column, property.Replace("ecsgate "+p.Path), message.Replace(text.String()))
}
