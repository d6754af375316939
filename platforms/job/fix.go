package job

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"chaperone/audit"
	"chaperone/audit/watchlist"
	"chaperone/platforms/fix"
	"chaperone/platforms/runner"
)

// keptDemo is the demo sandbox kept between calls (Runner.KeepDemo).
type keptDemo struct {
	mu   sync.Mutex
	opts *runner.Options
	stop func()
}

// startDemo starts the demo sandbox, or, with KeepDemo, returns the one
// already running. The stop it returns stops only a sandbox not kept.
func (r *Runner) startDemo(ctx context.Context) (runner.Options, func(), error) {
	if !r.KeepDemo {
		return runner.Demo(ctx, r.DataDir, r.Adapters, r.Replicas)
	}
	r.demo.mu.Lock()
	defer r.demo.mu.Unlock()
	if r.demo.opts == nil {
		// The kept sandbox outlives the audit that started it.
		o, stop, err := runner.Demo(context.WithoutCancel(ctx), r.DataDir, r.Adapters, r.Replicas)
		if err != nil {
			return o, nil, err
		}
		r.demo.opts, r.demo.stop = &o, stop
	}
	o := *r.demo.opts
	o.Targets = append([]runner.Target(nil), o.Targets...)
	return o, func() {}, nil
}

// Close stops a kept demo sandbox.
func (r *Runner) Close() {
	r.demo.mu.Lock()
	defer r.demo.mu.Unlock()
	if r.demo.stop != nil {
		r.demo.stop()
	}
	r.demo.opts, r.demo.stop = nil, nil
}

// Plan is "Fix it for me" over an audit: each account-wide FAIL or WARN
// with the change Chaperone would make, or the steps by hand.
func (r *Runner) Plan(res *audit.Result) []fix.Item {
	if res == nil {
		return nil
	}
	var reviews = demoReview()
	if !res.Demo {
		reviews = watchlist.Open(r.Keyring, r.DataDir)
	}
	cat, err := Catalogue(reviews)
	if err != nil {
		return nil
	}
	return fix.Plan(res, cat, r.Adapters)
}

// ErrDemoGone means a demo audit's sandbox is no longer running, so its
// accounts cannot be changed.
var ErrDemoGone = errors.New("the demo sandbox of that audit has stopped: run the demo audit again, then fix")

// fixOptions are the accounts of res, for changing them.
func (r *Runner) fixOptions(ctx context.Context, res *audit.Result, changes []audit.Change) (runner.Options, func(), error) {
	spec := Spec{Demo: res.Demo}
	for _, c := range changes {
		spec.Platforms = append(spec.Platforms, c.Platform)
	}
	if res.Demo {
		r.demo.mu.Lock()
		kept := r.demo.opts != nil
		r.demo.mu.Unlock()
		if !kept {
			return runner.Options{}, func() {}, ErrDemoGone
		}
	}
	return r.options(ctx, spec)
}

// Apply makes the confirmed changes to the accounts res read, recording
// every action with res and saving res again to the history (not a
// demo's). It stops at the first change that did not go as expected.
func (r *Runner) Apply(ctx context.Context, res *audit.Result, changes []audit.Change, progress func(fix.Step)) ([]audit.Action, error) {
	if res == nil || res.Snapshot == nil {
		return nil, errors.New("no audit to fix")
	}
	if len(changes) == 0 {
		return nil, nil
	}
	opts, stop, err := r.fixOptions(ctx, res, changes)
	if err != nil {
		return nil, err
	}
	defer stop()
	acts, err := fix.Apply(ctx, opts, res.Snapshot, changes, progress)
	return acts, r.keep(res, err)
}

// Undo puts back the old value of the i-th action recorded with res.
func (r *Runner) Undo(ctx context.Context, res *audit.Result, i int, progress func(fix.Step)) (audit.Action, error) {
	if res == nil || res.Snapshot == nil || i < 0 || i >= len(res.Snapshot.Actions) {
		return audit.Action{}, errors.New("no such action to undo")
	}
	opts, stop, err := r.fixOptions(ctx, res, []audit.Change{res.Snapshot.Actions[i].Change})
	if err != nil {
		return audit.Action{}, err
	}
	defer stop()
	a, err := fix.Undo(ctx, opts, res.Snapshot, i, progress)
	return a, r.keep(res, err)
}

// keep saves res, with its actions, to the history (never a demo's).
func (r *Runner) keep(res *audit.Result, err error) error {
	if r.Saved == nil || res.Demo || !res.AnyRead() {
		return err
	}
	if serr := r.Saved(res); serr != nil {
		return errors.Join(err, fmt.Errorf("the changes were made but could not be recorded in the history: %w", serr))
	}
	return err
}
