package remind

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

func TestAddMonths(t *testing.T) {
	tests := []struct {
		in   time.Time
		n    int
		want time.Time
	}{
		{date(2026, 1, 15), 3, date(2026, 4, 15)},
		{date(2026, 11, 30), 3, date(2027, 2, 28)},
		{date(2027, 11, 30), 3, date(2028, 2, 29)}, // leap year
		{date(2026, 1, 31), 1, date(2026, 2, 28)},
		{date(2026, 3, 31), 6, date(2026, 9, 30)},
		{date(2026, 5, 31), 12, date(2027, 5, 31)},
	}
	for _, tc := range tests {
		if got := AddMonths(tc.in, tc.n); !got.Equal(tc.want) {
			t.Errorf("AddMonths(%s, %d) = %s, want %s", tc.in.Format("2006-01-02"), tc.n, got.Format("2006-01-02"), tc.want.Format("2006-01-02"))
		}
	}
}

func TestStatus(t *testing.T) {
	last := date(2026, 1, 10)
	due := date(2026, 4, 10)
	tests := []struct {
		name            string
		s               Settings
		last, now       time.Time
		overdue, notify bool
	}{
		{"never audited: no notification on first launch", DefaultSettings(), time.Time{}, last, true, false},
		{"a second before due", DefaultSettings(), last, due.Add(-time.Second), false, false},
		{"at due", DefaultSettings(), last, due, true, true},
		{"monthly", Settings{Enabled: true, IntervalMonths: 1}, last, date(2026, 2, 10), true, true},
		{"disabled", Settings{IntervalMonths: 3}, last, due.AddDate(0, 1, 0), true, false},
		{"snoozed", Settings{Enabled: true, SnoozedUntil: due.Add(SnoozeFor)}, last, due.Add(time.Hour), true, false},
		{"snooze over", Settings{Enabled: true, SnoozedUntil: due.Add(SnoozeFor), LastNotified: due}, last, due.Add(SnoozeFor), true, true},
		{"notified today", Settings{Enabled: true, LastNotified: due}, last, due.Add(5 * time.Hour), true, false},
		{"notified a week ago", Settings{Enabled: true, LastNotified: due}, last, due.Add(RenotifyAfter), true, true},
		{"notified for the previous due date", Settings{Enabled: true, LastNotified: date(2026, 1, 1)}, last, due, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := tc.s.At(tc.last, tc.now)
			if st.Overdue != tc.overdue || st.Notify != tc.notify {
				t.Fatalf("At = %+v, want overdue %v notify %v", st, tc.overdue, tc.notify)
			}
		})
	}
	if got := DefaultSettings().DueText(last, date(2026, 2, 1)); !strings.Contains(got, "10 Apr 2026") {
		t.Errorf("DueText = %q", got)
	}
	if got := DefaultSettings().DueText(last, date(2026, 5, 1)); !strings.Contains(got, "overdue") {
		t.Errorf("DueText overdue = %q", got)
	}
	if got := DefaultSettings().DueText(time.Time{}, date(2026, 5, 1)); !strings.Contains(got, "first audit") {
		t.Errorf("DueText never = %q", got)
	}
}

func TestReminderFiresWhenClockPassesDue(t *testing.T) {
	last := date(2026, 1, 10)
	clock := &fakeClock{t: last}
	store := NewStore(filepath.Join(t.TempDir(), FileName))
	var fired []Status
	r := &Reminder{
		Clock:     clock,
		Store:     store,
		LastAudit: func() (time.Time, error) { return last, nil },
		Notify:    func(s Status) { fired = append(fired, s) },
	}
	check := func(want bool) {
		t.Helper()
		got, err := r.Check()
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("at %s: fired = %v, want %v", clock.Now().Format(time.RFC3339), got, want)
		}
	}
	// Daily ticks up to the second before the due date: silence.
	for clock.Now().Before(date(2026, 4, 10).Add(-24 * time.Hour)) {
		check(false)
		clock.Advance(24 * time.Hour)
	}
	clock.t = date(2026, 4, 10).Add(-time.Second)
	check(false)
	clock.Advance(time.Second)
	check(true)
	check(false) // once, not on every tick
	if len(fired) != 1 || !fired[0].Due.Equal(date(2026, 4, 10)) {
		t.Fatalf("fired %+v", fired)
	}

	// Snooze a week: quiet until it ends, then once more.
	if err := r.Snooze(); err != nil {
		t.Fatal(err)
	}
	clock.Advance(SnoozeFor - time.Minute)
	check(false)
	clock.Advance(time.Minute)
	check(true)

	// The doctor runs the audit: quiet until the next due date.
	last = clock.Now()
	clock.Advance(24 * time.Hour)
	check(false)
	clock.t = AddMonths(last, 3)
	check(true)

	// The settings survive a restart.
	s, err := NewStore(store.path).Load()
	if err != nil || !s.LastNotified.Equal(clock.Now()) || s.Interval() != 3 {
		t.Fatalf("stored settings %+v, %v", s, err)
	}
}

func TestReminderRun(t *testing.T) {
	clock := &fakeClock{t: date(2026, 6, 1)}
	fired := make(chan Status, 1)
	r := &Reminder{
		Clock:     clock,
		Store:     NewStore(filepath.Join(t.TempDir(), FileName)),
		LastAudit: func() (time.Time, error) { return date(2026, 1, 1), nil },
		Notify:    func(s Status) { fired <- s },
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx, time.Millisecond, func(err error) { t.Error(err) }); close(done) }()
	select {
	case <-fired:
	case <-time.After(5 * time.Second):
		t.Fatal("overdue reminder did not fire")
	}
	cancel()
	<-done
}

func TestSettingsStore(t *testing.T) {
	st := NewStore(filepath.Join(t.TempDir(), "sub", FileName))
	s, err := st.Load()
	if err != nil || s != DefaultSettings() {
		t.Fatalf("default = %+v, %v", s, err)
	}
	if _, err := st.Update(func(s *Settings) { s.IntervalMonths = 6; s.StartAtLogin = true }); err != nil {
		t.Fatal(err)
	}
	s, err = st.Load()
	if err != nil || s.IntervalMonths != 6 || !s.StartAtLogin || !s.Enabled {
		t.Fatalf("after update = %+v, %v", s, err)
	}
	for _, tc := range []struct{ in, want int }{{0, 3}, {-1, 3}, {1, 1}, {12, 12}, {40, 12}} {
		if got := (Settings{IntervalMonths: tc.in}).Interval(); got != tc.want {
			t.Errorf("Interval(%d) = %d", tc.in, got)
		}
	}
}
