package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/remind"
	"chaperone/audit/report"
	"chaperone/audit/vault"
	"chaperone/platforms/job"
	"chaperone/platforms/printer"
)

func init() {
	Register("report", "export the appraisal report (PDF, JSON, CSV or HTML) of an audit", runReport)
	Register("history", "list past audits with their scores", runHistory)
	Register("remind", "write a recurring calendar event (.ics) for the next audits", runRemind)
}

// historyStore opens the history, sealed with the history key from the
// keyring (fetched when first needed, and made only while nothing sealed
// is there). With check, the key is asked for at once, so that a locked
// keyring or a lost key is reported before any work is done.
func historyStore(env Env, check bool) (*history.Store, string, error) {
	dir, err := env.DataDir()
	if err != nil {
		return nil, "", err
	}
	st := history.Open(filepath.Join(dir, history.FileName), vault.NewKey(env.Keyring, history.KeyName))
	if check {
		if err := st.CheckKey(); err != nil {
			return nil, "", err
		}
	}
	return st, dir, nil
}

// SaveToHistory is the Env.Saved hook: it stores each completed audit.
func SaveToHistory(env Env) func(*audit.Result) error {
	return func(r *audit.Result) error {
		st, _, err := historyStore(env, false)
		if err != nil {
			return err
		}
		return st.Save(r)
	}
}

func runReport(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "report", "report --out FILE.pdf [--audit latest|ID|FILE.json | --quarter [2026Q4]] [--guideline ID] [--combined]")
	out := fs.String("out", "", "where to write the report (`FILE`); the extension picks the format: .pdf, .json, .csv or .html")
	which := fs.String("audit", "latest", "which audit (`AUDIT`): latest, an ID from \"chaperone history\", or a result JSON file")
	chromium := fs.String("chromium", "", "the Chromium binary (`PATH`) that prints the PDF (default: found on the PATH)")
	guideline := fs.String("guideline", "", "score the audit against the guidance with this `ID` instead of the one it was scored with (\"chaperone guidelines\" lists them)")
	combined := fs.Bool("combined", false, "add an appendix setting each finding beside the clauses of every guideline Chaperone holds")
	quarter := fs.String("quarter", "", "report a whole `QUARTER` (such as 2026Q4; alone, the current one): every network audited in it in one record, each at its latest reading")
	if err := parse(fs, quarterArgs(args)); err != nil {
		return err
	}
	auditSet := false
	fs.Visit(func(f *flag.Flag) { auditSet = auditSet || f.Name == "audit" })
	if *quarter != "" && auditSet {
		return usageErrorf("--audit and --quarter go separately: one audit, or every audit of a quarter")
	}
	var g *audit.Guideline
	if *guideline != "" {
		var err error
		if g, err = chooseGuideline(*guideline); err != nil {
			return err
		}
	}
	if *out == "" {
		return usageErrorf("--out FILE is required")
	}
	switch strings.ToLower(filepath.Ext(*out)) {
	case ".pdf", ".json", ".csv", ".html":
	default:
		return usageErrorf("--out %q: the file must end in .pdf, .json, .csv or .html", *out)
	}
	if err := checkOut("--out", *out); err != nil {
		return err
	}
	if *quarter != "" {
		return reportQuarter(ctx, env, *quarter, *out, *chromium, g, *combined)
	}
	// A result file needs no key unless the history has audits to compare
	// it with; then the key is used if the keyring can give it.
	fromFile := strings.HasSuffix(strings.ToLower(*which), ".json")
	st, dir, err := historyStore(env, true)
	sealed := err == nil
	if err != nil && fromFile {
		st, dir, err = historyStore(env, false)
	}
	if err != nil {
		return err
	}
	in, err := report.Load(st, *which)
	if errors.Is(err, history.ErrNotFound) {
		return fmt.Errorf("%w (run an audit first: `chaperone audit`)", err)
	}
	if err != nil {
		return err
	}
	if g != nil {
		// Checks are only needed for their own words on why they matter.
		cat, err := job.Catalogue(nil)
		if err != nil {
			return err
		}
		load := st.Load
		if !sealed {
			load = nil // no key: past audits under other guidance stay out of the trend
		}
		if err := in.ScoreAgainst(g, cat, load); err != nil {
			return err
		}
	}
	in.Combined = *combined
	if in.Doctor, err = report.LoadDoctor(filepath.Join(dir, report.DoctorFile)); err != nil {
		return err
	}
	in.Sensitive = sensitiveNames(env, dir)
	in.Now = timeNow()
	rep, err := report.Build(in)
	if err != nil {
		return err
	}
	if err := printer.Export(ctx, rep, *out, printer.Options{ChromiumPath: *chromium, Version: Version}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (audit %s, scored against %s).\n", *out, in.Current.ID, rep.Guideline.Title)
	return nil
}

// quarterArgs lets --quarter stand alone for the current quarter: Go's
// flag package would otherwise take the next flag as its value.
func quarterArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		out = append(out, a)
		if (a == "--quarter" || a == "-quarter") && (i+1 == len(args) || strings.HasPrefix(args[i+1], "-")) {
			out[len(out)-1] = a + "=current"
		}
	}
	return out
}

// reportQuarter writes the report of a whole quarter.
func reportQuarter(ctx context.Context, env Env, spec, out, chromium string, g *audit.Guideline, combined bool) error {
	now := timeNow()
	var q report.Quarter
	switch strings.ToLower(strings.TrimSpace(spec)) {
	case "current", "this":
		q = report.QuarterOf(now, time.Local)
	case "previous", "last":
		q = report.QuarterOf(now, time.Local).Prev()
	default:
		var err error
		if q, err = report.ParseQuarter(spec); err != nil {
			return usageErrorf("--quarter: %v (or current, or previous)", err)
		}
	}
	st, dir, err := historyStore(env, true)
	if err != nil {
		return err
	}
	in, err := report.LoadQuarter(st, q, time.Local)
	if errors.Is(err, report.ErrNoAuditsInQuarter) {
		return fmt.Errorf("%w (see `chaperone history`, or run one: `chaperone audit`)", err)
	}
	if err != nil {
		return err
	}
	if in.Catalogue, err = job.Catalogue(nil); err != nil {
		return err
	}
	in.Guideline, in.Combined = g, combined
	if in.Doctor, err = report.LoadDoctor(filepath.Join(dir, report.DoctorFile)); err != nil {
		return err
	}
	in.Sensitive = sensitiveNames(env, dir)
	in.Now = now
	rep, err := report.BuildQuarter(in)
	if err != nil {
		return err
	}
	if err := printer.Export(ctx, rep, out, printer.Options{ChromiumPath: chromium, Version: Version}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (%s, %s, scored against %s).\n", out, q.Label(), audits(len(in.Audits)), rep.Guideline.Title)
	if na := notAuditedNames(rep); na != "" {
		fmt.Fprintf(env.Stdout, "Not read this quarter: %s.\n", na)
	}
	return nil
}

func notAuditedNames(r *report.Report) string {
	var names []string
	for _, p := range r.Platforms {
		if !p.Audited {
			names = append(names, p.Name)
		}
	}
	return strings.Join(names, ", ")
}

// sensitiveNames is the hook through which the watch-list's names are kept
// out of reports; nil when there is no watch-list.
var sensitiveNames = func(Env, string) []string { return nil }

// SensitiveNames are the names kept out of reports (the stored
// watch-list's), for the app's report export; nil without a watch-list.
func SensitiveNames(env Env, dataDir string) []string { return sensitiveNames(env, dataDir) }

func runHistory(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "history", "history [--format table|json] [--delete ID [--yes]] [--start-new [--yes]]")
	format := fs.String("format", "table", "output `FORMAT`: table or json")
	del := fs.String("delete", "", "delete the audit with this `ID` (from the list) from the history, after asking")
	startNew := fs.Bool("start-new", false, "start a new, empty history (when the old one's key is lost): the old file is kept beside it, renamed with today's date")
	yes := fs.Bool("yes", false, "with --delete or --start-new: do not ask for confirmation")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *startNew && *del != "" {
		return usageErrorf("--start-new and --delete go separately")
	}
	if *format != "table" && *format != "json" {
		return usageErrorf("--format must be table or json")
	}
	// The list is made of unsealed summaries: no key needed.
	st, _, err := historyStore(env, false)
	if err != nil {
		return err
	}
	if *del != "" {
		return deleteAudit(env, st, *del, *yes)
	}
	if *startNew {
		return startNewHistory(env, st, *yes)
	}
	es, err := st.Entries()
	if err != nil {
		return err
	}
	return history.WriteList(env.Stdout, es, *format)
}

// deleteAudit removes one audit (its summary, result and notes) after the
// doctor confirms on standard input.
func deleteAudit(env Env, st *history.Store, id string, yes bool) error {
	es, err := st.Entries()
	if err != nil {
		return err
	}
	var e *history.Entry
	for i := range es {
		if es[i].ID == id {
			e = &es[i]
		}
	}
	if e == nil {
		return fmt.Errorf("%w: %q (see `chaperone history`)", history.ErrNotFound, id)
	}
	if !yes {
		fmt.Fprintf(env.Stderr, "Delete the audit of %s (score %d) from the history? Its report can no longer be made. Type yes to delete: ",
			e.FinishedAt.Local().Format("2 Jan 2006 15:04"), e.Score.Overall)
		answer, err := readLine(bufio.NewReader(env.Stdin))
		if err != nil {
			return fmt.Errorf("reading the answer: %w", err)
		}
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "yes" && a != "y" {
			fmt.Fprintln(env.Stderr, "Nothing deleted.")
			return nil
		}
	}
	if err := st.Delete(id); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Deleted the audit %s.\n", id)
	return nil
}

// startNewHistory sets the history file aside, after the doctor confirms,
// so that new audits are kept in a new one. Nothing is deleted.
func startNewHistory(env Env, st *history.Store, yes bool) error {
	keyErr := st.CheckKey()
	if keyErr != nil && !errors.Is(keyErr, vault.ErrKeyLost) {
		// Locked or no keyring: whether the key is there cannot be told.
		return keyErr
	}
	if _, err := os.Lstat(st.Path()); errors.Is(err, os.ErrNotExist) {
		fmt.Fprintln(env.Stdout, "There is no history yet: nothing to set aside. New audits are kept as they are made.")
		return nil
	}
	es, err := st.Entries()
	if err != nil {
		return err
	}
	if !yes {
		why := "Your past audits open fine with the key in your keyring. Start a new, empty history anyway?"
		var kl *vault.KeyLostError
		if errors.As(keyErr, &kl) {
			why = keyLostWhy(kl) + " Their list and scores stay readable. Start a new history for the audits to come?"
		}
		fmt.Fprintf(env.Stderr, "%s The old file (%s) is kept beside it, renamed with today's date; nothing is deleted. Type yes to start a new history: ", why, audits(len(es)))
		answer, err := readLine(bufio.NewReader(env.Stdin))
		if err != nil {
			return fmt.Errorf("reading the answer: %w", err)
		}
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "yes" && a != "y" {
			fmt.Fprintln(env.Stderr, "Nothing changed.")
			return nil
		}
	}
	kept, err := st.SetAside(timeNow())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Started a new history. The old one (%s) is kept as %s.\n", audits(len(es)), kept)
	return nil
}

func runRemind(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "remind", "remind --ics FILE [--every MONTHS]")
	ics := fs.String("ics", "", "write a recurring calendar event to `FILE` (.ics) for your calendar app")
	every := fs.Int("every", 0, "`MONTHS` between audits (1 to 12; default 3); saved as your reminder interval")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *ics == "" {
		return usageErrorf("--ics FILE is required")
	}
	if err := checkOut("--ics", *ics); err != nil {
		return err
	}
	st, dir, err := historyStore(env, false)
	if err != nil {
		return err
	}
	last, err := st.LastComplete()
	if err != nil && !errors.Is(err, history.ErrNotFound) {
		return err
	}
	rs := remind.NewStore(filepath.Join(dir, remind.FileName))
	s, err := rs.Load()
	if err != nil {
		return err
	}
	if *every != 0 {
		if *every < 1 || *every > 12 {
			return usageErrorf("--every must be between 1 and 12 months")
		}
		if s, err = rs.Update(func(s *remind.Settings) { s.IntervalMonths = *every }); err != nil {
			return err
		}
	}
	now := timeNow()
	if err := remind.ExportICS(*ics, s, last, now); err != nil {
		return err
	}
	ev := remind.CalendarEvent(s, last, now)
	fmt.Fprintf(env.Stdout, "Wrote %s: %q every %d months from %s.\n", *ics, ev.Summary, ev.IntervalMonths, ev.Start.Format("Mon 2 Jan 2006"))
	return nil
}

func audits(n int) string {
	if n == 1 {
		return "1 audit"
	}
	return fmt.Sprintf("%d audits", n)
}
