package audit

import (
	"math"
	"slices"
	"sort"
)

// Scoring (also described in audit/SCORING.md).
//
// Each finding earns points by status: PASS 1, WARN 0.5, FAIL 0 and
// UNKNOWN 0 (what could not be read counts against the score, never for
// it); N/A findings are left out. A finding weighs as much as its
// severity: high 3, medium 2, low 1, info 0 (info is shown, not scored).
//
// A control k of the guideline scores the severity-weighted mean of the
// findings that evidence it:
//
//	C_k = Σ sev(f)·points(f) / Σ sev(f)   over f in F_k
//
// A control with no weighted finding is not assessed: it is listed with
// status N/A and left out of the total. Findings of checks that map to no
// control of the guideline form one extra control of weight 1, so that a
// failure always lowers the score. The score is the control-weighted mean:
//
//	Score = round(100 · Σ W_k·C_k / Σ W_k)   over assessed controls
//
// and 0 when nothing could be assessed. A platform's score is the same sum
// over that platform's findings alone.

// Assessed reports whether anything was scored: a score of 0 with nothing
// assessed is no score at all.
func (s Score) Assessed() bool { return len(s.PerPlatform) > 0 }

// severityWeight is how much a finding of each severity counts.
func severityWeight(s Severity) float64 {
	switch s {
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// statusPoints is what a finding earns; ok is false for N/A, which is
// excluded.
func statusPoints(st Status) (points float64, ok bool) {
	switch st {
	case Pass:
		return 1, true
	case Warn:
		return 0.5, true
	case Fail, Unknown:
		return 0, true
	}
	return 0, false
}

// Statuses lists every status in the one order the product shows them:
// what needs the doctor first, UNKNOWN before WARN because an unread setting
// may be a FAIL in disguise.
var Statuses = []Status{Fail, Unknown, Warn, Pass, NA}

// StatusRank is a status's place in Statuses; an unknown status goes last.
func StatusRank(st Status) int {
	for i, s := range Statuses {
		if s == st {
			return i
		}
	}
	return len(Statuses)
}

// unmappedControl collects findings whose check cites no control of the
// guideline.
const unmappedControl = "(unmapped)"

type controlAcc struct{ num, den float64 }

// ScoreFindings scores findings against g; audited lists the platforms
// that were audited, so each has its counts even when it has no finding.
// Findings' Clauses must hold g's control IDs (Evaluate fills them).
func ScoreFindings(findings []Finding, g *Guideline, audited []Platform) Score {
	sc := Score{
		PerPlatform:    map[Platform]int{},
		Counts:         Tally(findings, "").Map(),
		PlatformCounts: map[Platform]map[Status]int{},
	}
	for _, p := range audited {
		sc.PlatformCounts[p] = Tally(findings, p).Map()
	}
	weights := map[string]float64{}
	var order []string
	if g != nil {
		for _, c := range g.Controls {
			weights[c.ID] = c.Weight
			order = append(order, c.ID)
		}
	}
	weights[unmappedControl] = 1

	all := map[string]*controlAcc{}
	perPlat := map[Platform]map[string]*controlAcc{}
	worst := map[string]Status{}
	for _, f := range findings {
		if sc.PlatformCounts[f.Platform] == nil {
			sc.PlatformCounts[f.Platform] = Tally(findings, f.Platform).Map()
		}
		ctls := controlsOf(f, weights)
		for _, k := range ctls {
			if w, ok := worst[k]; !ok || StatusRank(f.Status) < StatusRank(w) {
				worst[k] = f.Status
			}
		}
		pts, ok := statusPoints(f.Status)
		w := severityWeight(f.Severity)
		if !ok || w == 0 {
			continue
		}
		if perPlat[f.Platform] == nil {
			perPlat[f.Platform] = map[string]*controlAcc{}
		}
		for _, k := range ctls {
			add(all, k, w, pts)
			add(perPlat[f.Platform], k, w, pts)
		}
	}
	if v, ok := total(all, weights); ok {
		sc.Overall = v
	}
	for p, accs := range perPlat {
		if v, ok := total(accs, weights); ok {
			sc.PerPlatform[p] = v
		}
	}
	for _, id := range order {
		cs := ControlScore{ControlID: id, Status: NA, Weight: weights[id]}
		if a := all[id]; a != nil && a.den > 0 {
			cs.Points = a.num / a.den
			cs.Status = worst[id]
		}
		sc.Controls = append(sc.Controls, cs)
	}
	return sc
}

// controlsOf returns the guideline controls f counts towards, or the
// unmapped bucket.
func controlsOf(f Finding, weights map[string]float64) []string {
	var out []string
	for _, c := range f.Clauses {
		if _, ok := weights[c]; ok && c != unmappedControl && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		out = []string{unmappedControl}
	}
	return out
}

func add(m map[string]*controlAcc, k string, w, pts float64) {
	a := m[k]
	if a == nil {
		a = &controlAcc{}
		m[k] = a
	}
	a.num += w * pts
	a.den += w
}

// total is the control-weighted mean in 0..100; ok is false when no
// control was assessed.
func total(accs map[string]*controlAcc, weights map[string]float64) (int, bool) {
	keys := make([]string, 0, len(accs))
	for k := range accs {
		keys = append(keys, k)
	}
	sort.Strings(keys) // a fixed order keeps the float sum, and rounding, stable
	var num, den float64
	for _, k := range keys {
		a := accs[k]
		if a.den == 0 {
			continue
		}
		num += weights[k] * a.num / a.den
		den += weights[k]
	}
	if den == 0 {
		return 0, false
	}
	v := int(math.Round(100 * num / den))
	return min(max(v, 0), 100), true
}
