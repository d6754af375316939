package app

import (
	"testing"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
)

func TestEstimate(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	entry := func(took time.Duration, incomplete bool, ps ...audit.Platform) history.Entry {
		return history.Entry{StartedAt: at, FinishedAt: at.Add(took), Incomplete: incomplete, Platforms: ps}
	}
	for _, tt := range []struct {
		name string
		es   []history.Entry
		n    int
		want string
		ok   bool
	}{
		{"none", nil, 2, "", false},
		{"per platform", []history.Entry{entry(4*time.Minute, false, audit.Facebook, audit.Instagram)}, 3, "about 6 minutes", true},
		{"latest complete", []history.Entry{entry(2*time.Minute, false, audit.Facebook), entry(10*time.Second, true, audit.Facebook)}, 1, "about 2 minutes", true},
		{"quick", []history.Entry{entry(20*time.Second, false, audit.Facebook)}, 1, "under a minute", true},
		{"a minute", []history.Entry{entry(70*time.Second, false, audit.Facebook)}, 1, "about a minute", true},
		{"undated", []history.Entry{{FinishedAt: at, Platforms: []audit.Platform{audit.Facebook}}}, 1, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := Estimate(tt.es, tt.n)
			if ok != tt.ok || (ok && EstimateText(d) != tt.want) {
				t.Errorf("got %v %v (%q), want %q %v", d, ok, EstimateText(d), tt.want, tt.ok)
			}
		})
	}
}

// The ready panel says how long the audit should take from the last one,
// never the old fixed "a minute or two" once there is history.
func TestReadyPanelEstimate(t *testing.T) {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	es := fixedEntries{{ID: "a", StartedAt: at, FinishedAt: at.Add(3 * time.Minute), Platforms: []audit.Platform{audit.Facebook}}}
	h := newHarness(t, someAccounts, &fakeAuditor{}, func(d *Deps) { d.History = es })
	h.mustShow(t, "From your last audit, this should take about 6 minutes.")
	if h.shows("a minute or two") {
		t.Error("the fixed wording is still shown")
	}
	first := newHarness(t, someAccounts, &fakeAuditor{}, func(d *Deps) { d.History = fixedEntries{} })
	first.mustShow(t, "The first audit takes a minute or two for each account.")
}
