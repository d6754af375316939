// Package cli is Chaperone's command line: the same binary as the desktop
// app, for scripted audits, the sandbox, accounts and reports.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/platforms"
	"chaperone/platforms/networks"
	"chaperone/platforms/runner"
	"chaperone/platforms/sandbox"
)

// Env is what a command may touch; tests replace parts of it.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Keyring        vault.Keyring
	// DataDir returns the app's data directory (created on first use).
	DataDir func() (string, error)
	// Saved, if set, stores each completed audit in the history.
	Saved func(*audit.Result) error
	// Adapters are the networks that can be audited live, Replicas their
	// sandbox sites.
	Adapters []platforms.Adapter
	Replicas []sandbox.NewSite
}

// live reports whether network p can be audited live.
func (e Env) live(p audit.Platform) bool {
	_, ok := runner.Adapter(e.Adapters, p)
	return ok
}

// DefaultEnv is the real terminal, keyring and data directory, with every
// completed audit saved to the history.
func DefaultEnv() Env {
	env := Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Keyring: vault.System(), DataDir: vault.DataDir, Adapters: networks.Adapters(), Replicas: networks.Replicas()}
	env.Saved = SaveToHistory(env)
	return env
}

type command struct {
	summary string
	run     func(ctx context.Context, env Env, args []string) error
}

// errUsage marks a mistake in the command line; it exits 2, not 1.
var errUsage = errors.New("usage")

func usageErrorf(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, a...)...)
}

func commands() map[string]command {
	return map[string]command{
		"audit":      {"run an audit and print the checklist", runAudit},
		"fix":        {"change failing settings for you, after a preview and one confirmation", runFix},
		"sandbox":    {"serve the demo sandbox sites for a person to browse", runSandbox},
		"account":    {"add, list or remove accounts (passwords go to the OS keyring)", runAccount},
		"guidelines": {"list the guidance an audit can be scored against", runGuidelines},
		"version":    {"print the version", runVersion},
	}
}

// Register adds a sub-command; packages that own a command's logic add
// theirs from the wiring in main.
func Register(name, summary string, run func(ctx context.Context, env Env, args []string) error) {
	extra[name] = command{summary, run}
}

var extra = map[string]command{}

// IsCommand reports whether args ask for the command line rather than the
// desktop app: anything but none or the app's own arguments (--background)
// does. An unknown command is the command line's to refuse, with usage
// and exit 2; it never starts the app.
func IsCommand(args []string) bool { return firstNonApp(args) != "" }

func lookup(name string) (command, bool) {
	if c, ok := commands()[name]; ok {
		return c, true
	}
	c, ok := extra[name]
	return c, ok
}

// Version is set by the build (-ldflags "-X chaperone/cli.Version=...").
var Version = "0.1.0"

func runVersion(_ context.Context, env Env, _ []string) error {
	fmt.Fprintf(env.Stdout, "chaperone %s\n", Version)
	return nil
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, `Chaperone audits a doctor's own social-media accounts against professional
guidance on patient confidentiality and online conduct.

Usage:
  chaperone                  start the desktop app
  chaperone COMMAND [flags]  run a command (chaperone COMMAND --help for its flags)

Commands:`)
	all := map[string]command{}
	for k, v := range commands() {
		all[k] = v
	}
	for k, v := range extra {
		all[k] = v
	}
	names := make([]string, 0, len(all))
	for k := range all {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, all[n].summary)
	}
}

// Exit codes, as the README documents them.
const (
	ExitOK         = 0 // done
	ExitFailed     = 1 // could not run at all
	ExitUsage      = 2 // bad command line
	ExitIncomplete = 3 // the audit ran, but some chosen platform could not be read
)

// Main runs the command in args (without the program name) and returns the
// process exit code (Exit*).
func Main(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		printHelp(env.Stdout)
		return 0
	}
	c, ok := lookup(args[0])
	if !ok {
		if isAppArg(args[0]) {
			fmt.Fprintf(env.Stderr, "chaperone: %s starts the app and takes nothing after it (got %q)\n\n", args[0], firstNonApp(args))
		} else {
			fmt.Fprintf(env.Stderr, "chaperone: %s\n\n", unknownArg(args[0]))
		}
		printHelp(env.Stderr)
		return ExitUsage
	}
	err := c.run(ctx, env, args[1:])
	var inc *incompleteError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.Is(err, errUsage):
		fmt.Fprintf(env.Stderr, "chaperone %s: %s\n", args[0], strings.TrimPrefix(err.Error(), "usage: "))
		return ExitUsage
	case errors.As(err, &inc):
		for _, line := range strings.Split(inc.Error(), "\n") {
			fmt.Fprintf(env.Stderr, "chaperone %s: %s\n", args[0], line)
		}
		return ExitIncomplete
	}
	msg := plainError(err)
	if msg == "" {
		msg = err.Error()
	}
	fmt.Fprintf(env.Stderr, "chaperone %s: %s\n", args[0], msg)
	return ExitFailed
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(env Env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: chaperone %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags, turning a parse failure into a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageErrorf("%v", err)
	}
	return nil
}
