package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"chaperone/app"
	"chaperone/assets"
	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/remind"
	"chaperone/audit/report"
	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
	"chaperone/cli"
	"chaperone/platforms/account"
	"chaperone/platforms/export"
	"chaperone/platforms/job"
	"chaperone/platforms/printer"
	"chaperone/platforms/runner"
)

// runApp starts the desktop app and returns the exit code.
func runApp() int {
	env := cli.DefaultEnv()
	dataDir, err := env.DataDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaperone:", err)
		return 1
	}
	// One history for the window and the audits it runs; its key is fetched
	// when first needed (a keyring still locked at login is asked again
	// later) and never made over sealed audits.
	hist := history.Open(filepath.Join(dataDir, history.FileName), vault.NewKey(env.Keyring, history.KeyName))
	// The demo's sandbox stays up while the window is open, so that what
	// "Fix it for me" changes there is read by the next demo audit.
	r := &job.Runner{DataDir: dataDir, Keyring: env.Keyring, Saved: hist.Save, Adapters: env.Adapters, Replicas: env.Replicas, KeepDemo: true}
	defer r.Close()
	gs, err := audit.Guidelines()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaperone:", err)
		return 1
	}
	a := fyneapp.NewWithID("uk.chaperone.app")
	if icon, err := assets.FS.ReadFile("icon.png"); err == nil {
		a.SetIcon(fyne.NewStaticResource("icon.png", icon))
	}
	ap := newAppraisal(a, env, dataDir, hist)
	review := app.NewReviewTab(app.ReviewDeps{Store: watchlist.Open(env.Keyring, dataDir), Demo: job.DemoReview})
	ui := app.New(a, app.Deps{
		Tabs:       []app.Tab{ap.history, review, ap.reminders},
		Auditor:    auditor{r},
		Accounts:   accounts{store: account.Open(dataDir, env.Keyring), r: r},
		Guidelines: app.NewGuidelines(gs),
		Live:       runner.Live(env.Adapters),
		Manual:     manualChecklist,
		Importer:   importer{r},
		History:    hist,
		About:      app.About{Version: cli.Version, DataDir: dataDir},
		Importable: export.Platforms(),
		Fixer:      r,
	})
	ap.history.SetOpenChecklist(ui.ShowPastAudit)
	ap.run(a, ui, slices.Contains(os.Args[1:], remind.BackgroundFlag))
	return 0
}

// manualChecklist is a network's shipped checks, to go through by hand.
func manualChecklist(p audit.Platform) []app.ManualCheck {
	checks, err := audit.DataChecks()
	if err != nil {
		return nil
	}
	cat, err := audit.NewCatalogue(checks)
	if err != nil {
		return nil
	}
	var out []app.ManualCheck
	for _, c := range cat.For(p) {
		out = append(out, app.ManualCheck{Title: c.Title, What: c.Remediation, URL: c.FixURL(nil, p)})
	}
	return out
}

// auditor adapts the audit job to the window's Auditor.
type auditor struct{ r *job.Runner }

func (a auditor) Audit(ctx context.Context, accts []app.Account, guideline string, progress func(app.Event)) (*audit.Result, error) {
	spec := job.Spec{Guideline: guideline}
	for _, acc := range accts {
		spec.Demo = spec.Demo || acc.Demo
		if !slices.Contains(spec.Platforms, acc.Platform) {
			spec.Platforms = append(spec.Platforms, acc.Platform)
		}
	}
	return a.r.Audit(ctx, spec, func(ev runner.Event) {
		progress(app.Event{Platform: ev.Platform, Step: ev.Step, Fraction: ev.Fraction, Done: ev.Done, Err: ev.Err})
	})
}

// importer audits data downloads for the window, joined with the last
// live audit.
type importer struct{ r *job.Runner }

func (im importer) Import(ctx context.Context, paths []string, base *audit.Result, guideline string, progress func(app.Event)) (*audit.Result, error) {
	spec := job.Spec{Exports: paths, Guideline: guideline}
	if base != nil {
		spec.Base = base.Snapshot
	}
	return im.r.Audit(ctx, spec, func(ev runner.Event) {
		progress(app.Event{Platform: ev.Platform, Step: ev.Step, Fraction: ev.Fraction, Done: ev.Done, Err: ev.Err})
	})
}

// accounts adapts the account store to the window's Accounts.
type accounts struct {
	store *account.Store
	r     *job.Runner
}

func (s accounts) List() ([]app.Account, error) {
	list, err := s.store.List()
	if err != nil {
		return nil, err
	}
	out := make([]app.Account, 0, len(list))
	for _, a := range list {
		out = append(out, app.Account{Platform: a.Platform, User: a.User})
	}
	return out, nil
}

func (s accounts) Add(ctx context.Context, p audit.Platform, user string) error {
	return s.r.Login(ctx, p, user, "")
}

func (s accounts) Remove(p audit.Platform, user string) error { return s.store.Remove(p, user) }

// appraisal is the "History & report" and "Reminders" tabs, the tray and
// the background reminder.
type appraisal struct {
	history   *app.HistoryTab
	reminders *app.RemindersTab
	reminder  *remind.Reminder
	// onDue runs (on the Fyne thread) when a reminder is shown.
	onDue func()
}

func newAppraisal(a fyne.App, env cli.Env, dataDir string, hist *history.Store) *appraisal {
	rs := remind.NewStore(filepath.Join(dataDir, remind.FileName))
	d := app.AppraisalDeps{
		History:    hist,
		DoctorPath: filepath.Join(dataDir, report.DoctorFile),
		Sensitive:  func() []string { return cli.SensitiveNames(env, dataDir) },
		Export: func(ctx context.Context, r *report.Report, path string) error {
			return printer.Export(ctx, r, path, printer.Options{Version: cli.Version})
		},
		Reminders: rs,
		Clock:     remind.SystemClock{},
		Catalogue: func() (audit.Catalogue, error) { return job.Catalogue(nil) },
	}
	if exe, err := os.Executable(); err == nil {
		if auto, err := remind.NewAutostart(exe, remind.BackgroundFlag); err == nil {
			d.Autostart = auto
		}
	}
	ap := &appraisal{history: app.NewHistoryTab(d), reminders: app.NewRemindersTab(d)}
	notify := app.NotifyDue(a)
	ap.reminder = &remind.Reminder{
		Clock:     remind.SystemClock{},
		Store:     rs,
		LastAudit: hist.LastComplete,
		Notify: func(st remind.Status) {
			fyne.Do(func() {
				notify(st)
				ap.reminders.Refresh()
				if ap.onDue != nil {
					ap.onDue()
				}
			})
		},
	}
	return ap
}

// run shows the window (unless background) with the tray and the
// reminder, until the app quits. In the background, started at login, only
// the tray and the reminder run; "Open" shows the window and closing it
// hides it again.
func (ap *appraisal) run(a fyne.App, ui *app.UI, background bool) {
	win := ui.Window()
	open := func() {
		win.Show()
		win.RequestFocus()
	}
	tray := app.SetupTray(a, app.TrayActions{
		RunAudit: ui.RunAudit,
		Snooze: func() {
			msg := "You will be reminded again in a week."
			if err := ap.reminder.Snooze(); err != nil {
				msg = "Could not snooze the reminder: " + app.PlainError(err, nil)
			}
			a.SendNotification(fyne.NewNotification("Chaperone", msg))
			ap.reminders.Refresh()
		},
		Open: open,
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a.Lifecycle().SetOnStarted(func() {
		// Never larger than the screen, which is known only now.
		ui.FitScreen(screenSize(win))
		// An audit saved from the command line shows up in the window.
		if err := ap.history.Watch(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "chaperone:", err)
		}
		go ap.reminder.Run(ctx, time.Hour, func(err error) {
			fmt.Fprintln(os.Stderr, "chaperone: reminder:", err)
		})
	})
	if background && tray {
		win.SetCloseIntercept(win.Hide)
		// A desktop without a tray area (GNOME without an extension, say)
		// would leave no way in: when the audit is due, the window opens.
		ap.onDue = open
		a.Run()
		return
	}
	ui.ShowAndRun()
}
