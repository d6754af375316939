// Chaperone: a desktop app with which a doctor audits their own social-media
// accounts against professional guidance, fixes what it finds and keeps a
// dated report for appraisal. This file only wires the parts together.
package main

import (
	"context"
	"os"

	"chaperone/cli"
)

func main() {
	if cli.IsCommand(os.Args[1:]) {
		os.Exit(cli.Main(context.Background(), cli.DefaultEnv(), os.Args[1:]))
	}
	os.Exit(runApp())
}
