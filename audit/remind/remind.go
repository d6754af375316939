// Package remind works out when the next audit is due and when to remind
// the doctor: the interval they chose (three months by default), snoozing,
// an iCalendar event they can add to their own calendar, and the "start at
// login" entry that lets the app remind them without being opened.
//
// Time is always passed in (a Clock), so tests can move it.
package remind

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"chaperone/audit/vault"
)

// DefaultIntervalMonths is the interval when the doctor has not chosen one:
// quarterly, so four dated audits a year go to the appraisal.
const DefaultIntervalMonths = 3

// SnoozeFor is how long "Snooze a week" puts a reminder off.
const SnoozeFor = 7 * 24 * time.Hour

// RenotifyAfter is how often an overdue audit is mentioned again when the
// doctor neither ran it nor snoozed it.
const RenotifyAfter = 7 * 24 * time.Hour

// FileName is the settings file inside the data directory. It holds no
// secret and no third-party data.
const FileName = "reminder.json"

// Clock tells the time; tests use a fake one.
type Clock interface{ Now() time.Time }

// SystemClock is the computer's clock.
type SystemClock struct{}

// Now is time.Now.
func (SystemClock) Now() time.Time { return time.Now() }

// Settings are the doctor's reminder choices and what has been reminded.
type Settings struct {
	// Enabled turns reminders on; they are on unless the doctor turns them off.
	Enabled bool `json:"enabled"`
	// IntervalMonths is the time between audits, 1 to 12.
	IntervalMonths int `json:"interval_months"`
	// SnoozedUntil puts reminders off until then.
	SnoozedUntil time.Time `json:"snoozed_until,omitempty"`
	// LastNotified is when a reminder was last shown.
	LastNotified time.Time `json:"last_notified,omitempty"`
	// StartAtLogin records that the doctor opted in to the login entry.
	StartAtLogin bool `json:"start_at_login,omitempty"`
}

// DefaultSettings is quarterly reminders, on, without start at login.
func DefaultSettings() Settings {
	return Settings{Enabled: true, IntervalMonths: DefaultIntervalMonths}
}

// Interval is IntervalMonths clamped to 1..12 (default when unset).
func (s Settings) Interval() int {
	switch {
	case s.IntervalMonths <= 0:
		return DefaultIntervalMonths
	case s.IntervalMonths > 12:
		return 12
	}
	return s.IntervalMonths
}

// AddMonths adds n calendar months, keeping the day of the month but not
// overflowing: 31 January plus one month is 28 (or 29) February, not
// 3 March, as a doctor would expect.
func AddMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}

// NextDue is when the audit after one finished at last is due. With no
// audit yet (zero last) it is due now: the returned time is zero.
func (s Settings) NextDue(last time.Time) time.Time {
	if last.IsZero() {
		return time.Time{}
	}
	return AddMonths(last, s.Interval())
}

// Status is where the schedule stands at a moment.
type Status struct {
	// Due is when the next audit is due; zero means now (never audited).
	Due time.Time
	// Overdue is true once Due has passed (or there was never an audit).
	Overdue bool
	// Snoozed is true while a snooze holds reminders back.
	Snoozed bool
	// Notify is true when a reminder should be shown now.
	Notify bool
}

// At works out the status at now for the last audit finished at last.
func (s Settings) At(last, now time.Time) Status {
	st := Status{Due: s.NextDue(last)}
	st.Overdue = !now.Before(st.Due)
	st.Snoozed = now.Before(s.SnoozedUntil)
	// With no audit yet nothing is really due: the window invites the
	// first audit itself, and a notification on first launch would only
	// nag. Reminders start once there is an audit to count from.
	if !s.Enabled || !st.Overdue || st.Snoozed || last.IsZero() {
		return st
	}
	// Once per due date (and once after a snooze ends), then weekly.
	switch {
	case s.LastNotified.IsZero(), s.LastNotified.Before(st.Due), s.LastNotified.Before(s.SnoozedUntil):
		st.Notify = true
	case !now.Before(s.LastNotified.Add(RenotifyAfter)):
		st.Notify = true
	}
	return st
}

// DueText is the next due date as the main screen shows it.
func (s Settings) DueText(last, now time.Time) string {
	st := s.At(last, now)
	switch {
	case !s.Enabled && st.Due.IsZero():
		return "No audit yet. Reminders are off."
	case st.Due.IsZero():
		return "No audit yet: run your first audit now."
	case st.Overdue:
		return fmt.Sprintf("Next audit was due %s (overdue).", st.Due.Local().Format("Mon 2 Jan 2006"))
	}
	return fmt.Sprintf("Next audit due %s.", st.Due.Local().Format("Mon 2 Jan 2006"))
}

// Store keeps Settings in a JSON file, written atomically.
type Store struct {
	mu   sync.Mutex
	path string
}

// NewStore returns the settings kept at path.
func NewStore(path string) *Store { return &Store{path: path} }

// DefaultPath is the settings file in the app's data directory.
func DefaultPath() (string, error) {
	dir, err := vault.DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, FileName), nil
}

// Load reads the settings; a missing file gives DefaultSettings.
func (st *Store) Load() (Settings, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.load()
}

func (st *Store) load() (Settings, error) {
	data, err := os.ReadFile(st.path)
	if errors.Is(err, os.ErrNotExist) {
		return DefaultSettings(), nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("reading reminder settings: %w", err)
	}
	s := DefaultSettings()
	if err := json.Unmarshal(data, &s); err != nil {
		return Settings{}, fmt.Errorf("reading reminder settings %s: %w", st.path, err)
	}
	return s, nil
}

// Save writes the settings.
func (st *Store) Save(s Settings) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.save(s)
}

func (st *Store) save(s Settings) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(st.path), 0o700); err != nil {
		return fmt.Errorf("saving reminder settings: %w", err)
	}
	if err := vault.WriteFileAtomic(st.path, data, 0o600); err != nil {
		return fmt.Errorf("saving reminder settings: %w", err)
	}
	return nil
}

// Update loads, changes and saves the settings under one lock.
func (st *Store) Update(fn func(*Settings)) (Settings, error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	s, err := st.load()
	if err != nil {
		return s, err
	}
	fn(&s)
	return s, st.save(s)
}

// Reminder decides, tick by tick, whether to remind the doctor. The app
// runs it in the background with the tray; tests call Check with a fake
// clock.
type Reminder struct {
	Clock Clock
	Store *Store
	// LastAudit returns when the last audit finished (zero if none).
	LastAudit func() (time.Time, error)
	// Notify shows the reminder (desktop notification, tray).
	Notify func(Status)
}

// Check shows a reminder if one is due now, records it, and reports
// whether it did.
func (r *Reminder) Check() (bool, error) {
	last, err := r.LastAudit()
	if err != nil {
		return false, fmt.Errorf("reminder: %w", err)
	}
	now := r.Clock.Now()
	s, err := r.Store.Load()
	if err != nil {
		return false, err
	}
	st := s.At(last, now)
	if !st.Notify {
		return false, nil
	}
	if _, err := r.Store.Update(func(s *Settings) { s.LastNotified = now }); err != nil {
		return false, err
	}
	if r.Notify != nil {
		r.Notify(st)
	}
	return true, nil
}

// Snooze puts reminders off for a week from now.
func (r *Reminder) Snooze() error {
	now := r.Clock.Now()
	_, err := r.Store.Update(func(s *Settings) { s.SnoozedUntil = now.Add(SnoozeFor) })
	return err
}

// Run calls Check every interval until ctx ends. Errors go to onErr (which
// may be nil); a failed check does not stop the reminder.
func (r *Reminder) Run(ctx context.Context, every time.Duration, onErr func(error)) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if _, err := r.Check(); err != nil && onErr != nil {
			onErr(err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// ExportICS writes the calendar file for "Add to calendar" and
// `chaperone remind --ics FILE`; last is when the last audit finished
// (zero if none), now the current time.
func ExportICS(path string, s Settings, last, now time.Time) error {
	var buf bytes.Buffer
	if err := WriteICS(&buf, CalendarEvent(s, last, now)); err != nil {
		return err
	}
	if err := vault.WriteFileAtomic(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing calendar file: %w", err)
	}
	return nil
}
