package main

import (
	"context"
	"fmt"
	"os"
	"slices"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"chaperone/app"
	"chaperone/assets"
	"chaperone/audit"
	"chaperone/cli"
	"chaperone/platforms/account"
	"chaperone/platforms/job"
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
	r := &job.Runner{DataDir: dataDir, Keyring: env.Keyring, Saved: cli.SaveToHistory(env)}
	g, err := audit.DefaultGuideline()
	if err != nil {
		fmt.Fprintln(os.Stderr, "chaperone:", err)
		return 1
	}
	a := fyneapp.NewWithID("uk.chaperone.app")
	if icon, err := assets.FS.ReadFile("icon.png"); err == nil {
		a.SetIcon(fyne.NewStaticResource("icon.png", icon))
	}
	ui := app.New(a, app.Deps{
		Auditor:  auditor{r},
		Accounts: accounts{store: account.Open(dataDir, env.Keyring), r: r},
		Clause: func(id string) (app.Clause, bool) {
			c, ok := g.Control(id)
			return app.Clause{ID: c.ID, Title: c.Section, Quote: c.Text}, ok
		},
	})
	ui.ShowAndRun()
	return 0
}

// auditor adapts the audit job to the window's Auditor.
type auditor struct{ r *job.Runner }

func (a auditor) Audit(ctx context.Context, accts []app.Account, progress func(app.Event)) (*audit.Result, error) {
	var spec job.Spec
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
