package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"chaperone/audit/scan"
)

func init() {
	Register("scan", "scan posts (JSON Lines) for patient identifiers, identifiable stories and unprofessional content", runScan)
}

func runScan(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "scan", "scan [--format text|json] FILE|-")
	format := fs.String("format", "text", "output `FORMAT`: text (readable, identifiers masked) or json (one JSON line per input)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("give one input: a JSON Lines file, or - for standard input")
	}
	var in io.Reader = env.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("reading posts: %w", err)
		}
		defer f.Close()
		in = f
	}
	switch *format {
	case "json":
		return scan.ScanJSONL(ctx, in, env.Stdout)
	case "text":
		return scan.ScanJSONLText(ctx, in, env.Stdout)
	}
	return usageErrorf("--format must be text or json, not %q", *format)
}
