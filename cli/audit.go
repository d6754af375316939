package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/platforms/account"
	"chaperone/platforms/runner"
)

// listFlag collects a repeatable or comma-separated flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// endpointFlag maps platform=URL.
type endpointFlag map[audit.Platform]string

func (e endpointFlag) String() string {
	var parts []string
	for k, v := range e {
		parts = append(parts, string(k)+"="+v)
	}
	return strings.Join(parts, ",")
}

func (e endpointFlag) Set(v string) error {
	p, u, ok := strings.Cut(v, "=")
	if !ok || p == "" || u == "" {
		return fmt.Errorf("want PLATFORM=URL, got %q", v)
	}
	if !slices.Contains(audit.Platforms, audit.Platform(p)) {
		return fmt.Errorf("unknown platform %q", p)
	}
	if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
		return fmt.Errorf("endpoint %q must start with http:// or https://", u)
	}
	e[audit.Platform(p)] = strings.TrimRight(u, "/")
	return nil
}

func runAudit(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "audit", "audit [--demo] [--platform P] [--format text|json] [--out FILE] [--endpoint P=URL]")
	demo := fs.Bool("demo", false, "audit the built-in demo sandbox (no account, no internet)")
	var platforms listFlag
	fs.Var(&platforms, "platform", "platform(s) to audit, comma-separated or repeated (default: all with an account, or facebook for --demo)")
	format := fs.String("format", "text", "output format: text or json")
	out := fs.String("out", "", "write the result to FILE instead of standard output")
	endpoints := endpointFlag{}
	fs.Var(endpoints, "endpoint", "point a platform's adapter at another base URL, as PLATFORM=URL (repeatable); e.g. a sandbox started with `chaperone sandbox`")
	timeout := fs.Duration("timeout", 20*time.Second, "time limit for each browser step")
	chromium := fs.String("chromium", "", "path to the Chromium binary (default: found on PATH)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected argument %q", fs.Arg(0))
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("--format must be text or json, not %q", *format)
	}
	for _, p := range platforms {
		if !slices.Contains(audit.Platforms, audit.Platform(p)) {
			return usageErrorf("unknown platform %q", p)
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	dataDir, err := env.DataDir()
	if err != nil {
		return err
	}
	var opts runner.Options
	if *demo {
		o, stopDemo, err := runner.Demo(ctx, dataDir)
		if err != nil {
			return fmt.Errorf("starting the demo sandbox: %w", err)
		}
		defer stopDemo()
		opts = o
	} else {
		store := account.Open(dataDir, env.Keyring)
		accts, err := store.List()
		if err != nil {
			return err
		}
		if len(accts) == 0 {
			return usageErrorf("no accounts yet: add one with `chaperone account add`, or try `chaperone audit --demo`")
		}
		for _, a := range accts {
			opts.Targets = append(opts.Targets, runner.Target{
				Platform: a.Platform, User: a.User, BaseURL: a.BaseURL,
				ProfileDir: store.ProfileDir(a.Platform, a.User),
			})
		}
		opts.Credentials = store
	}
	for i, t := range opts.Targets {
		if u, ok := endpoints[t.Platform]; ok {
			opts.Targets[i].BaseURL = u
		}
	}
	if len(platforms) > 0 {
		opts.Targets = slices.DeleteFunc(opts.Targets, func(t runner.Target) bool {
			return !slices.Contains(platforms, string(t.Platform))
		})
		if len(opts.Targets) == 0 {
			return usageErrorf("no account for %s", strings.Join(platforms, ", "))
		}
	}
	opts.StepTimeout = *timeout
	opts.ChromiumPath = *chromium

	progress := func(ev runner.Event) {
		switch {
		case ev.Err != nil:
			fmt.Fprintf(env.Stderr, "%s: %v\n", ev.Platform.DisplayName(), ev.Err)
		case ev.Done:
			fmt.Fprintf(env.Stderr, "%s: done\n", ev.Platform.DisplayName())
		case ev.Step != "":
			fmt.Fprintf(env.Stderr, "%s: %s\n", ev.Platform.DisplayName(), ev.Step)
		}
	}
	snap, err := runner.Run(ctx, opts, progress)
	if err != nil {
		return err
	}
	g, err := audit.DefaultGuideline()
	if err != nil {
		return err
	}
	res := audit.Evaluate(snap, g, time.Now())

	var w io.Writer = env.Stdout
	var f *os.File
	if *out != "" {
		f, err = os.OpenFile(*out, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
		if err != nil {
			return fmt.Errorf("writing the result: %w", err)
		}
		w = f
	}
	if *format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	} else {
		err = WriteText(w, res, g)
	}
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	return nil
}
