package report

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
	"chaperone/audit/vault"
)

// A quarter's report is one appraisal record of every network audited in
// a calendar quarter: the doctor audits Facebook on Monday and LinkedIn on
// Friday, and the report shows both. Each network is shown at its latest
// reading in the quarter, dated; a later audit that could not read it
// leaves that reading in place and is named beside it; a network no audit
// of the quarter could read is listed as not audited, with why. The score
// is computed once, over the combined findings, and "what changed" is
// against the latest quarter before it with audits, combined the same way.

// Quarter is a calendar quarter: Q1 is January to March.
type Quarter struct {
	Year int
	Q    int // 1 to 4
}

var quarterRE = regexp.MustCompile(`^(?i)(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*(\d{4}))$`)

// ParseQuarter reads "2026Q4" (also "2026-Q4", "2026 q4" or "Q4 2026").
func ParseQuarter(s string) (Quarter, error) {
	m := quarterRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Quarter{}, fmt.Errorf("%q is not a quarter: write it as 2026Q4", s)
	}
	year, q := m[1], m[2]
	if year == "" {
		year, q = m[4], m[3]
	}
	y, _ := strconv.Atoi(year)
	n, _ := strconv.Atoi(q)
	if y < 2000 || y > 9999 {
		return Quarter{}, fmt.Errorf("%q is not a quarter Chaperone can have audited", s)
	}
	return Quarter{Year: y, Q: n}, nil
}

// QuarterOf is the quarter t falls in, on the calendar of loc (nil: the
// computer's own).
func QuarterOf(t time.Time, loc *time.Location) Quarter {
	t = t.In(orLocal(loc))
	return Quarter{Year: t.Year(), Q: (int(t.Month())-1)/3 + 1}
}

func orLocal(loc *time.Location) *time.Location {
	if loc == nil {
		return time.Local
	}
	return loc
}

// String is the quarter's name, "2026Q4".
func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.Q) }

// Label is the quarter in words, "October to December 2026".
func (q Quarter) Label() string {
	first := time.Month(3*(q.Q-1) + 1)
	return fmt.Sprintf("%s to %s %d", first, first+2, q.Year)
}

// Start is the quarter's first instant on loc's calendar.
func (q Quarter) Start(loc *time.Location) time.Time {
	return time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, orLocal(loc))
}

// End is the first instant after the quarter.
func (q Quarter) End(loc *time.Location) time.Time { return q.Start(loc).AddDate(0, 3, 0) }

// Prev is the quarter before q.
func (q Quarter) Prev() Quarter {
	if q.Q == 1 {
		return Quarter{Year: q.Year - 1, Q: 4}
	}
	return Quarter{Year: q.Year, Q: q.Q - 1}
}

// Contains reports whether t falls in q.
func (q Quarter) Contains(t time.Time, loc *time.Location) bool {
	return !t.Before(q.Start(loc)) && t.Before(q.End(loc))
}

// QuarterInput is what a quarter's report is built from. LoadQuarter
// fills it from the history; the caller adds the doctor's details and the
// watch-list names (Sensitive).
type QuarterInput struct {
	Quarter Quarter
	// Location is the calendar the quarter is on; nil is the computer's.
	Location *time.Location
	// Audits are the audits finished in the quarter, in any order.
	Audits []*audit.Result
	// Previous are the audits of PreviousQuarter, the latest quarter
	// before with any, for "what changed"; none for the first quarter.
	Previous        []*audit.Result
	PreviousQuarter Quarter
	// PreviousUnreadable, with Previous empty, says why the earlier
	// audits could not be read.
	PreviousUnreadable string
	// History is the stored audits, for the trend up to the quarter's end.
	History []history.Entry
	// Guideline scores every audit combined; nil is the one the latest
	// audit of the quarter was scored against. Catalogue, if set, gives
	// the checks' own words when an audit is scored again under it.
	Guideline *audit.Guideline
	Catalogue audit.Catalogue
	// Combined and Guidelines are as in Input.
	Combined   bool
	Guidelines []*audit.Guideline
	Doctor     Doctor
	// Notes are the reflection and actions for the quarter (LoadQuarter
	// joins those written on its audits).
	Notes     history.Notes
	Sensitive []string
	Now       time.Time
}

// Attempt is an audit that tried to read a network and could not.
type Attempt struct {
	AuditID string    `json:"audit_id"`
	At      time.Time `json:"at"`
	Reason  string    `json:"reason"`
}

// QuarterAudit is one audit of the quarter and the networks whose reading
// the report takes from it.
type QuarterAudit struct {
	ID         string    `json:"id"`
	FinishedAt time.Time `json:"finished_at"`
	Used       []string  `json:"used"`
}

// QuarterInfo is the period a quarter's report covers and the audits it
// combines.
type QuarterInfo struct {
	// Quarter is the quarter's name, "2026Q4".
	Quarter string `json:"quarter"`
	// Label is the quarter in words, "October to December 2026".
	Label string    `json:"label"`
	From  time.Time `json:"from"`
	To    time.Time `json:"to"` // the first instant of the next quarter
	// Audits are the quarter's audits, oldest first.
	Audits []QuarterAudit `json:"audits"`
	// Previous names the quarter "what changed" compares with; "" when
	// there is none.
	Previous      string `json:"previous,omitempty"`
	PreviousLabel string `json:"previous_label,omitempty"`
}

// ErrNoAuditsInQuarter means the quarter has nothing to report.
var ErrNoAuditsInQuarter = errors.New("no audit in the history finished in that quarter")

// BuildQuarter makes the report of a quarter: every network audited in
// it, each at its latest reading, scored once over the combined findings.
func BuildQuarter(in QuarterInput) (*Report, error) {
	loc := orLocal(in.Location)
	q := in.Quarter
	if q.Q < 1 || q.Q > 4 {
		return nil, fmt.Errorf("building the quarter's report: no quarter given")
	}
	if len(in.Audits) == 0 {
		return nil, fmt.Errorf("building the report of %s: %w", q.Label(), ErrNoAuditsInQuarter)
	}
	for _, r := range in.Audits {
		if r == nil {
			return nil, errors.New("building the quarter's report: a missing audit")
		}
		if !q.Contains(r.FinishedAt, loc) {
			return nil, fmt.Errorf("building the report of %s: the audit %s finished on %s, outside it", q.Label(), r.ID, r.FinishedAt.In(loc).Format("2 Jan 2006"))
		}
	}
	audits := sortedByFinish(in.Audits)
	g := in.Guideline
	if g == nil {
		var err error
		if g, err = audit.GuidelineByID(guidelineID(audits[len(audits)-1].Guideline)); err != nil {
			return nil, fmt.Errorf("building the report of %s: %w", q.Label(), err)
		}
	}
	cur, readings, err := combine(q.String(), audits, g, in.Catalogue)
	if err != nil {
		return nil, fmt.Errorf("building the report of %s: %w", q.Label(), err)
	}
	var prev *audit.Result
	if len(in.Previous) > 0 {
		for _, r := range in.Previous {
			if r == nil || !in.PreviousQuarter.Contains(r.FinishedAt, loc) || in.PreviousQuarter.End(loc).After(q.Start(loc)) {
				return nil, fmt.Errorf("building the report of %s: the audits compared with must be those of one earlier quarter", q.Label())
			}
		}
		if prev, _, err = combine(in.PreviousQuarter.String(), sortedByFinish(in.Previous), g, in.Catalogue); err != nil {
			return nil, fmt.Errorf("building the report of %s: the quarter before: %w", q.Label(), err)
		}
	}
	var screen []*audit.Snapshot
	for _, r := range append(slices.Clone(in.Audits), in.Previous...) {
		screen = append(screen, r.Snapshot)
	}
	rep, err := Build(Input{
		Current: cur, Previous: prev, PreviousUnreadable: in.PreviousUnreadable,
		Guideline: g, Combined: in.Combined, Guidelines: in.Guidelines,
		Doctor: in.Doctor, Notes: in.Notes, Sensitive: in.Sensitive, Now: in.Now,
		screen: screen,
	})
	if err != nil {
		return nil, err
	}
	// The trend is of the audits themselves, up to the quarter's end.
	if !cur.Demo {
		asOf := &audit.Result{FinishedAt: q.End(loc).Add(-time.Nanosecond), Guideline: g.Ref()}
		rep.Trend, rep.TrendOther = trend(in.History, asOf)
	}
	info := &QuarterInfo{Quarter: q.String(), Label: q.Label(), From: q.Start(loc), To: q.End(loc), Audits: []QuarterAudit{}}
	if prev != nil {
		info.Previous, info.PreviousLabel = in.PreviousQuarter.String(), in.PreviousQuarter.Label()
	}
	for _, r := range audits {
		qa := QuarterAudit{ID: r.ID, FinishedAt: r.FinishedAt, Used: []string{}}
		for _, p := range cur.Snapshot.Chosen() {
			if rd := readings[p]; rd.from == r {
				qa.Used = append(qa.Used, p.DisplayName())
			}
		}
		info.Audits = append(info.Audits, qa)
	}
	rep.Quarter = info
	red := newRedactor(cur.Snapshot, in.Sensitive)
	for i := range rep.Platforms {
		p := &rep.Platforms[i]
		rd := readings[p.ID]
		if rd.from != nil {
			p.AuditID, p.ReadAt = rd.from.ID, readAt(rd.from, p.ID)
		}
		if a := rd.failed; a != nil && (rd.from == nil || a.FinishedAt.After(rd.from.FinishedAt)) {
			p.LastAttempt = &Attempt{AuditID: a.ID, At: a.FinishedAt, Reason: red.clean(a.Snapshot.CoverageFor(p.ID).NotAuditedInfo().Reason)}
		}
	}
	return rep, nil
}

// reading is where a network's figures in a quarter come from: the latest
// audit that read it, and the latest that tried and could not.
type reading struct {
	from, failed *audit.Result
}

// combine makes one result of the audits (oldest first): each chosen
// network at its latest reading, the findings of that reading, scored
// against g over the networks read.
func combine(id string, audits []*audit.Result, g *audit.Guideline, cat audit.Catalogue) (*audit.Result, map[audit.Platform]reading, error) {
	demo := audits[0].Demo
	for _, r := range audits {
		if r.Demo != demo {
			return nil, nil, errors.New("a demo audit cannot be combined with audits of your own accounts")
		}
	}
	readings := map[audit.Platform]reading{}
	var chosen []audit.Platform
	scored := make([]*audit.Result, len(audits))
	scoredOf := map[*audit.Result]*audit.Result{}
	for i, r := range audits {
		scored[i] = r
		if guidelineID(r.Guideline) != g.ID {
			scored[i] = audit.Rescore(r, cat, g)
		}
		scoredOf[r] = scored[i]
		if r.Snapshot == nil {
			continue
		}
		for _, p := range r.Snapshot.Chosen() {
			if !slices.Contains(chosen, p) {
				chosen = append(chosen, p)
			}
			rd := readings[p]
			if r.Snapshot.CoverageFor(p).Read() {
				rd.from = r
			} else {
				rd.failed = r
			}
			readings[p] = rd
		}
	}
	sort.SliceStable(chosen, func(i, j int) bool { return platformIndex(chosen[i]) < platformIndex(chosen[j]) })

	last := audits[len(audits)-1]
	snap := audit.NewSnapshot(last.FinishedAt)
	out := &audit.Result{Schema: audit.Schema, ID: "quarter-" + id, Guideline: g.Ref(), Snapshot: snap, Findings: []audit.Finding{}, Demo: demo}
	for _, p := range chosen {
		rd := readings[p]
		src := rd.from
		if src == nil {
			// Never read in the quarter: not audited, as its latest attempt says.
			snap.Coverage = append(snap.Coverage, *rd.failed.Snapshot.CoverageFor(p))
			continue
		}
		s := src.Snapshot
		snap.Coverage = append(snap.Coverage, *s.CoverageFor(p))
		prefix := string(p) + "."
		for k, f := range s.Facts {
			if strings.HasPrefix(k, prefix) {
				snap.Facts[k] = f
			}
		}
		snap.Posts = append(snap.Posts, onPlatform(s.Posts, p, func(x audit.Post) audit.Platform { return x.Platform })...)
		snap.Connections = append(snap.Connections, onPlatform(s.Connections, p, func(x audit.Connection) audit.Platform { return x.Platform })...)
		snap.PendingRequests = append(snap.PendingRequests, onPlatform(s.PendingRequests, p, func(x audit.Connection) audit.Platform { return x.Platform })...)
		snap.Sessions = append(snap.Sessions, onPlatform(s.Sessions, p, func(x audit.Session) audit.Platform { return x.Platform })...)
		for _, f := range scoredOf[src].Findings {
			if f.Platform == p {
				out.Findings = append(out.Findings, f)
			}
		}
		if out.StartedAt.IsZero() || src.StartedAt.Before(out.StartedAt) {
			out.StartedAt = src.StartedAt
		}
		if src.FinishedAt.After(out.FinishedAt) {
			out.FinishedAt = src.FinishedAt
		}
	}
	if out.FinishedAt.IsZero() {
		// Nothing read all quarter: the report is as of its last attempt.
		out.StartedAt, out.FinishedAt = last.StartedAt, last.FinishedAt
	}
	audit.SortFindings(out.Findings)
	out.Score = audit.ScoreFindings(out.Findings, g, snap.Audited())
	return out, readings, nil
}

func onPlatform[T any](xs []T, p audit.Platform, of func(T) audit.Platform) []T {
	var out []T
	for _, x := range xs {
		if of(x) == p {
			out = append(out, x)
		}
	}
	return out
}

// readAt is when r read p: its coverage's end, else the audit's.
func readAt(r *audit.Result, p audit.Platform) time.Time {
	if c := r.Snapshot.CoverageFor(p); c != nil && !c.Finished.IsZero() {
		return c.Finished
	}
	return r.FinishedAt
}

func sortedByFinish(rs []*audit.Result) []*audit.Result {
	out := slices.Clone(rs)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].FinishedAt.Equal(out[j].FinishedAt) {
			return out[i].FinishedAt.Before(out[j].FinishedAt)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// LoadQuarter assembles the input for quarter q's report from the
// history: the audits finished in it, those of the latest quarter before
// it with any (for "what changed"), the history for the trend, and the
// doctor's notes on the quarter's audits joined, each dated when there
// are several.
func LoadQuarter(st *history.Store, q Quarter, loc *time.Location) (QuarterInput, error) {
	loc = orLocal(loc)
	in := QuarterInput{Quarter: q, Location: loc}
	es, err := st.Entries()
	if err != nil {
		return in, fmt.Errorf("report: %w", err)
	}
	in.History = es
	var ids []history.Entry
	var before *Quarter
	for _, e := range es {
		switch {
		case q.Contains(e.FinishedAt, loc):
			ids = append(ids, e)
		case e.FinishedAt.Before(q.Start(loc)):
			eq := QuarterOf(e.FinishedAt, loc)
			before = &eq // entries are oldest first: the last one wins
		}
	}
	if len(ids) == 0 {
		return in, fmt.Errorf("report: %s (%s): %w", q, q.Label(), ErrNoAuditsInQuarter)
	}
	var notes []dated
	for _, e := range ids {
		r, err := st.Load(e.ID)
		if err != nil {
			return in, fmt.Errorf("report: %w", err)
		}
		in.Audits = append(in.Audits, r)
		n, err := st.Notes(e.ID)
		if err != nil {
			return in, fmt.Errorf("report: %w", err)
		}
		notes = append(notes, dated{e.FinishedAt, n})
	}
	in.Notes = joinNotes(notes, loc)
	if before != nil {
		in.PreviousQuarter = *before
		for _, e := range es {
			if !before.Contains(e.FinishedAt, loc) {
				continue
			}
			r, err := st.Load(e.ID)
			if errors.Is(err, vault.ErrKeyLost) {
				in.Previous, in.PreviousUnreadable = nil, PreviousKeyLost
				break
			}
			if err != nil {
				return in, fmt.Errorf("report: the quarter before: %w", err)
			}
			in.Previous = append(in.Previous, r)
		}
	}
	return in, nil
}

type dated struct {
	at time.Time
	n  history.Notes
}

// joinNotes puts the notes of several audits into one: each field's texts
// in order, dated when more than one audit has some; actions once each.
func joinNotes(ns []dated, loc *time.Location) history.Notes {
	var out history.Notes
	field := func(get func(history.Notes) string) string {
		var parts []dated
		for _, d := range ns {
			if strings.TrimSpace(get(d.n)) != "" {
				parts = append(parts, d)
			}
		}
		if len(parts) == 1 {
			return strings.TrimSpace(get(parts[0].n))
		}
		var b []string
		for _, d := range parts {
			b = append(b, d.at.In(loc).Format("2 January 2006")+": "+strings.TrimSpace(get(d.n)))
		}
		return strings.Join(b, "\n\n")
	}
	out.Found = field(func(n history.Notes) string { return n.Found })
	out.Learned = field(func(n history.Notes) string { return n.Learned })
	out.Changed = field(func(n history.Notes) string { return n.Changed })
	out.WillDo = field(func(n history.Notes) string { return n.WillDo })
	for _, d := range ns {
		for _, a := range d.n.Actions {
			if a = strings.TrimSpace(a); a != "" && !slices.Contains(out.Actions, a) {
				out.Actions = append(out.Actions, a)
			}
		}
	}
	return out
}

// Quarters lists the quarters in which the history has audits, latest
// first: what a quarter's report can be made of.
func Quarters(es []history.Entry, loc *time.Location) []Quarter {
	var out []Quarter
	for i := len(es) - 1; i >= 0; i-- {
		if q := QuarterOf(es[i].FinishedAt, loc); !slices.Contains(out, q) {
			out = append(out, q)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		return a.Year > b.Year || (a.Year == b.Year && a.Q > b.Q)
	})
	return out
}
