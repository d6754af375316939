package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/platforms/job"
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

// pathFlag collects a repeatable path; paths may hold commas, so no split.
type pathFlag []string

func (l *pathFlag) String() string { return strings.Join(*l, " ") }
func (l *pathFlag) Set(v string) error {
	if v == "" {
		return errors.New("want a file or folder")
	}
	*l = append(*l, v)
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
	fs := newFlags(env, "audit", "audit [--demo] [--export FILE]... [--platform P] [--guideline ID] [--format text|json] [--out FILE] [--endpoint P=URL]")
	demo := fs.Bool("demo", false, "audit the built-in demo sandbox (no account, no internet)")
	var platforms listFlag
	fs.Var(&platforms, "platform", "`PLATFORM`(s) to audit, comma-separated or repeated (default: all with an account, or facebook for --demo)")
	var exports pathFlag
	fs.Var(&exports, "export", "audit a platform's data export (`FILE`: the \"Download your information\" zip, or its extracted folder) offline, with no browser (repeatable)")
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	out := fs.String("out", "", "write the result to `FILE` instead of standard output")
	endpoints := endpointFlag{}
	fs.Var(endpoints, "endpoint", "point a platform's adapter at another base URL, as `PLATFORM=URL` (repeatable); e.g. a sandbox started with \"chaperone sandbox\"")
	timeout := durationFlag(fs, "timeout", 20*time.Second, "time limit for each browser step: a `duration` more than zero, such as 30s or 2m")
	chromium := fs.String("chromium", "", "the Chromium binary (`PATH`) to audit with (default: found on the PATH)")
	guideline := fs.String("guideline", audit.DefaultGuidelineID, "the `ID` of the guidance to score against (\"chaperone guidelines\" lists them)")
	if err := parse(fs, args); err != nil {
		return err
	}
	g, err := chooseGuideline(*guideline)
	if err != nil {
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
		if len(exports) == 0 && !env.live(audit.Platform(p)) {
			return notLive(audit.Platform(p))
		}
	}
	if *out != "" {
		if err := checkOut("--out", *out); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	dataDir, err := env.DataDir()
	if err != nil {
		return err
	}
	spec := job.Spec{Demo: *demo, Endpoints: endpoints, StepTimeout: *timeout, ChromiumPath: *chromium, Exports: exports, Guideline: g.ID}
	for _, p := range platforms {
		spec.Platforms = append(spec.Platforms, audit.Platform(p))
	}
	progress := func(ev runner.Event) {
		switch {
		case ev.Err != nil:
			fmt.Fprintf(env.Stderr, "%s: %s\n", ev.Platform.DisplayName(), eventText(ev.Platform, ev.Err))
		case ev.Done:
			fmt.Fprintf(env.Stderr, "%s: done\n", ev.Platform.DisplayName())
		case ev.Step != "":
			fmt.Fprintf(env.Stderr, "%s: %s\n", ev.Platform.DisplayName(), ev.Step)
		}
	}
	r := &job.Runner{DataDir: dataDir, Keyring: env.Keyring, Saved: env.Saved, Adapters: env.Adapters, Replicas: env.Replicas}
	res, err := r.Audit(ctx, spec, progress)
	if errors.Is(err, job.ErrNoAccounts) {
		return usageErrorf("%v (`chaperone account add`, or `chaperone audit --demo`)", err)
	}
	if res == nil {
		return err
	}
	if err != nil {
		// The audit ran but the history could not be written: still print it.
		if msg := plainError(err); msg != "" {
			fmt.Fprintf(env.Stderr, "warning: this audit was not saved to the history. %s\n", msg)
		} else {
			fmt.Fprintf(env.Stderr, "warning: %v\n", err)
		}
	}
	if busy := busyPlatforms(res); len(busy) > 0 && !res.AnyRead() {
		// Nothing was read because the browser is another audit's: no
		// checklist of UNKNOWNs, and not a success.
		return errAuditRunning
	}
	if !res.AnyRead() && !*demo {
		fmt.Fprintln(env.Stderr, "Nothing could be read, so this audit was not saved to the history.")
	}
	var w io.Writer = env.Stdout
	var buf bytes.Buffer
	if *out != "" {
		// Written whole, atomically and only to a plain file: never into a
		// link's target, a device or a pipe.
		w = &buf
	}
	if *format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	} else {
		err = WriteText(w, res, g)
	}
	if err == nil && *out != "" {
		err = vault.WriteFileAtomic(*out, buf.Bytes(), 0o600)
	}
	if err != nil {
		return fmt.Errorf("writing the result: %w", err)
	}
	if na := res.NotAudited(); len(na) > 0 {
		return &incompleteError{na}
	}
	return nil
}
