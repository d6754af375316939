// Package report turns audit results into the appraisal report: a cover,
// a summary per platform, the checklist with the clause behind each item,
// what changed since the last audit, the score trend, the actions taken
// and the doctor's reflection. It renders the report as HTML (printed to
// PDF by platforms/printer), JSON and CSV.
//
// A report holds no patient data: no post text, no connection or
// watch-list name, only counts and categories. Findings about a single
// post or connection are only counted, and the free text of the others is
// screened against every post, name and watch-list entry of the audit.
package report

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"chaperone/audit"
	"chaperone/audit/history"
)

// Schema is the version of the report's JSON form.
const Schema = 1

// Report is everything the appraisal report shows.
type Report struct {
	Schema      int           `json:"schema"`
	GeneratedAt time.Time     `json:"generated_at"`
	Doctor      Doctor        `json:"doctor"`
	Audit       AuditInfo     `json:"audit"`
	Guideline   GuidelineInfo `json:"guideline"`
	Overall     int           `json:"overall_score"`
	// Scored is false when no platform could be read: there is no score.
	Scored bool `json:"scored"`
	// Complete is true when every chosen platform was read.
	Complete bool `json:"complete"`
	// Demo marks the report of a demo audit (the sandbox's fictional
	// accounts): it says DEMO on every page and is compared with nothing.
	Demo      bool          `json:"demo,omitempty"`
	Counts    Counts        `json:"counts"`
	Platforms []Platform    `json:"platforms"`
	Checklist []Item        `json:"checklist"`
	Review    []ReviewGroup `json:"review"`
	Changes   Changes       `json:"changes"`
	Trend     []TrendPoint  `json:"trend"`
	// Actions are what the doctor says they did.
	Actions []string `json:"actions"`
	// Made are the changes Chaperone made for the doctor after the audit,
	// counted in MadeCounts.
	Made       []Made             `json:"actions_made,omitempty"`
	MadeCounts audit.ActionCounts `json:"actions_made_counts"`
	Reflection Reflection         `json:"reflection"`
	// Clauses are the guideline clauses the checklist cites, quoted.
	Clauses []Clause `json:"clauses"`
	// NotAssessed are the guideline's clauses this audit gives no score:
	// those no check can evidence, with what to do by hand, and those
	// whose checks had nothing to score this time.
	NotAssessed []NotAssessed `json:"not_assessed"`
	// TrendOther counts past audits left out of the trend because they
	// were scored against other guidance.
	TrendOther int `json:"trend_other_guidance,omitempty"`
	// Combined, when asked for, shows for each check of this audit the
	// clauses of every shipped guideline it evidences.
	Combined *Combined `json:"combined,omitempty"`
	// Quarter is set on the report of a quarter (BuildQuarter): every
	// network audited in it, each at its latest reading.
	Quarter *QuarterInfo `json:"quarter,omitempty"`
}

// NotAssessed is a clause of the guideline the audit did not score.
type NotAssessed struct {
	Clause
	// ByHand is what the doctor should do themselves.
	ByHand string `json:"by_hand,omitempty"`
	// Checkable is true when some check can evidence the clause but none
	// had anything to score in this audit (its platforms were not read,
	// say).
	Checkable bool `json:"checkable"`
}

// Combined is the appendix that sets the findings beside every shipped
// guideline.
type Combined struct {
	// Guidelines are the columns, the one scored against first.
	Guidelines []GuidelineInfo `json:"guidelines"`
	Rows       []CombinedRow   `json:"rows"`
	// Clauses quotes, guideline by guideline, the clauses the rows cite.
	Clauses [][]Clause `json:"clauses"`
}

// CombinedRow is one check of the audit and, per guideline (in the order
// of Combined.Guidelines), the clauses its findings evidence.
type CombinedRow struct {
	CheckID string       `json:"check_id"`
	Title   string       `json:"title"`
	Status  audit.Status `json:"status"` // the worst among its findings
	// Findings counts the check's findings (one per platform, or per
	// post or connection).
	Findings int        `json:"findings"`
	Cited    [][]string `json:"cited"`
}

// Doctor is who the report is for, as they typed it.
type Doctor struct {
	Name string `json:"name,omitempty"`
	GMC  string `json:"gmc_number,omitempty"`
}

// AuditInfo identifies the audit reported on.
type AuditInfo struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
}

// GuidelineInfo is the guidance the audit was scored against.
type GuidelineInfo struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Publisher string `json:"publisher,omitempty"`
	Version   string `json:"version"`
	// Short is the guideline's short name ("BMA (2011)").
	Short string `json:"short,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Counts are findings by status, counted by audit.Tally like every other
// total the product shows.
type Counts = audit.Counts

// Platform summarises one platform chosen for the audit: read and
// scored, or not audited with why and what to do.
type Platform struct {
	ID     audit.Platform `json:"id"`
	Name   string         `json:"name"`
	Score  int            `json:"score"`
	Scored bool           `json:"scored"`
	// Audited is false when the platform could not be read; then it has
	// no counts and no score, and Problem and Action say why.
	Audited bool   `json:"audited"`
	Counts  Counts `json:"counts"`
	// Source says how it was read: "settings pages", "data export".
	Source          string `json:"source"`
	Posts           int    `json:"posts"`
	PublicPosts     int    `json:"public_posts"`
	Connections     int    `json:"connections"`
	PendingRequests int    `json:"pending_requests"`
	Sessions        int    `json:"sessions"`
	// ToReview counts posts and connections flagged for the doctor's review.
	ToReview int `json:"to_review"`
	// Problem is why the platform could not be read (or read completely).
	Problem string `json:"problem,omitempty"`
	// Action is what the doctor can do about Problem.
	Action string `json:"action,omitempty"`
	// ReadAt and AuditID, on a quarter's report, say which reading of the
	// quarter this is: each network has its own date.
	ReadAt  time.Time `json:"read_at,omitempty"`
	AuditID string    `json:"audit_id,omitempty"`
	// LastAttempt, on a quarter's report, is the latest audit of the
	// quarter that could not read the network, when none read it after:
	// the reading shown (if any) is an earlier one.
	LastAttempt *Attempt `json:"last_attempt,omitempty"`
}

// Item is one line of the checklist: an account-wide check on a platform.
type Item struct {
	Platform     audit.Platform `json:"platform"`
	PlatformName string         `json:"platform_name"`
	CheckID      string         `json:"check_id"`
	Title        string         `json:"title"`
	Status       audit.Status   `json:"status"`
	Severity     audit.Severity `json:"severity,omitempty"`
	Reason       string         `json:"reason,omitempty"`
	Clauses      []string       `json:"clauses,omitempty"`
	FixURL       string         `json:"fix_url,omitempty"`
}

// ReviewGroup counts the posts or connections one check flagged: a
// category and numbers, never the items themselves.
type ReviewGroup struct {
	Platform     audit.Platform `json:"platform"`
	PlatformName string         `json:"platform_name"`
	CheckID      string         `json:"check_id"`
	Category     string         `json:"category"`
	Kind         string         `json:"kind"` // "posts", "connections" or "items"
	Counts       Counts         `json:"counts"`
	Clauses      []string       `json:"clauses,omitempty"`
}

// Changes is what changed since the previous audit.
type Changes struct {
	HasPrevious   bool      `json:"has_previous"`
	PreviousID    string    `json:"previous_id,omitempty"`
	PreviousAt    time.Time `json:"previous_at,omitempty"`
	PreviousScore int       `json:"previous_score,omitempty"`
	ScoreDelta    int       `json:"score_delta"`
	// Comparable is true when both audits scored the same platforms, so
	// that the score delta means something.
	Comparable bool `json:"comparable"`
	// Fixed are problems a fresh read of the same platform found passing.
	Fixed []Change `json:"fixed"`
	New   []Change `json:"new"`
	// Unchecked are items that could not be re-checked this time: read
	// before, UNKNOWN (or not found) now. They are not fixed.
	Unchecked []Change `json:"unchecked"`
	// NotRechecked names the platforms audited last time but not read
	// this time: nothing on them is fixed or new.
	NotRechecked []string `json:"not_rechecked"`
	// StillOpen counts checklist problems present both times.
	StillOpen int `json:"still_open"`
	// PreviousUnreadable says why there is no comparison although earlier
	// audits exist ("" when there is one, or none before).
	PreviousUnreadable string `json:"previous_unreadable,omitempty"`
}

// Change is one checklist item, or a number of reviewed items of one
// category, that was fixed or is new.
type Change struct {
	Platform     audit.Platform `json:"platform"`
	PlatformName string         `json:"platform_name"`
	CheckID      string         `json:"check_id"`
	Title        string         `json:"title"`
	From         audit.Status   `json:"from,omitempty"`
	To           audit.Status   `json:"to,omitempty"`
	// Items is, for a category of posts or connections, how many; 0 for a
	// checklist item.
	Items int    `json:"items,omitempty"`
	Kind  string `json:"kind,omitempty"`
}

// TrendPoint is one audit's scores.
type TrendPoint struct {
	AuditID     string                 `json:"audit_id"`
	At          time.Time              `json:"at"`
	Overall     int                    `json:"overall"`
	PerPlatform map[audit.Platform]int `json:"per_platform"`
	// Incomplete marks an audit in which some platform was not read: its
	// overall point covers fewer platforms.
	Incomplete bool `json:"incomplete,omitempty"`
}

// Reflection follows the usual appraisal template.
type Reflection struct {
	Found   string `json:"what_i_found"`
	Learned string `json:"what_i_learned"`
	Changed string `json:"what_i_changed"`
	WillDo  string `json:"what_i_will_do"`
}

// Empty reports whether the doctor wrote nothing.
func (r Reflection) Empty() bool {
	return strings.TrimSpace(r.Found+r.Learned+r.Changed+r.WillDo) == ""
}

// Clause is a guideline clause quoted in the report.
type Clause struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	Text    string `json:"text"`
}

// Input is what a report is built from.
type Input struct {
	Current *audit.Result
	// Previous is the audit before Current, for "what changed"; nil for the
	// first audit.
	Previous *audit.Result
	// PreviousUnreadable, with Previous nil, says why the audit before
	// could not be read (its key is lost), so the report says so rather
	// than calling this the first audit.
	PreviousUnreadable string
	// History is the stored audits for the trend; Current is added if it is
	// not among them.
	History []history.Entry
	// Guideline quotes the clauses; nil loads the shipped one named by
	// Current.Guideline. It must be the one Current was scored against
	// (see ScoreAgainst).
	Guideline *audit.Guideline
	// Combined asks for the appendix that sets each finding beside the
	// clauses of every guideline in Guidelines.
	Combined bool
	// Guidelines are the guidelines of the combined view; nil means every
	// shipped one.
	Guidelines []*audit.Guideline
	Doctor     Doctor
	Notes      history.Notes
	// Sensitive are more names to keep out, such as the watch-list.
	Sensitive []string
	Now       time.Time
	// screen are more snapshots whose third-party data is kept out (the
	// other audits a quarter's report combines).
	screen []*audit.Snapshot
}

// Build makes the report for in.Current.
func Build(in Input) (*Report, error) {
	cur := in.Current
	if cur == nil {
		return nil, errors.New("building report: no audit")
	}
	g := in.Guideline
	if g == nil && cur.Guideline.ID != "" {
		g, _ = audit.GuidelineByID(cur.Guideline.ID) // an unknown guideline still reports, unquoted
	}
	if g != nil && cur.Guideline.ID != "" && g.ID != cur.Guideline.ID {
		// The report cites the guideline the result was scored with, and
		// no other.
		return nil, fmt.Errorf("building report: the audit was scored against %s, not %s; score it against %s first", cur.Guideline.ID, g.ID, g.ID)
	}
	if cur.Demo {
		// Fictional accounts are not compared with, or plotted among, the
		// doctor's own audits.
		if in.Previous != nil && !in.Previous.Demo {
			in.Previous = nil
		}
		in.History, in.PreviousUnreadable = nil, ""
	}
	if g != nil && in.Previous != nil && guidelineID(in.Previous.Guideline) != g.ID {
		// Scored again under this audit's guideline, so that "what
		// changed" compares like with like.
		in.Previous = audit.Rescore(in.Previous, nil, g)
	}
	now := in.Now
	if now.IsZero() {
		now = time.Now()
	}
	red := newRedactor(cur.Snapshot, in.Sensitive)
	others := slices.Clone(in.screen)
	if in.Previous != nil {
		others = append(others, in.Previous.Snapshot)
	}
	for _, s := range others {
		// Names from the previous audit are third parties too.
		prev := newRedactor(s, nil)
		for p := range prev.phrases {
			red.phrases[p] = true
		}
		for t := range prev.tokens {
			red.tokens[t] = true
		}
		if prev.maxN > red.maxN {
			red.maxN = prev.maxN
		}
	}

	r := &Report{
		Schema:      Schema,
		Scored:      cur.AnyRead() && cur.Score.Assessed(),
		Complete:    cur.Complete(),
		Demo:        cur.Demo,
		Counts:      cur.Counts(""),
		GeneratedAt: now.UTC(),
		Doctor:      Doctor{Name: strings.TrimSpace(in.Doctor.Name), GMC: strings.TrimSpace(in.Doctor.GMC)},
		Audit:       AuditInfo{ID: cur.ID, StartedAt: cur.StartedAt, FinishedAt: cur.FinishedAt},
		Guideline:   guidelineInfo(cur.Guideline, g),
		Overall:     cur.Score.Overall,
		Reflection: Reflection{
			Found: strings.TrimSpace(in.Notes.Found), Learned: strings.TrimSpace(in.Notes.Learned),
			Changed: strings.TrimSpace(in.Notes.Changed), WillDo: strings.TrimSpace(in.Notes.WillDo),
		},
		Checklist:   []Item{},
		Review:      []ReviewGroup{},
		Actions:     []string{},
		Clauses:     []Clause{},
		NotAssessed: []NotAssessed{},
	}
	for _, a := range in.Notes.Actions {
		if a = strings.TrimSpace(a); a != "" {
			r.Actions = append(r.Actions, a)
		}
	}
	r.Made, r.MadeCounts = made(cur.Snapshot)
	cited := map[string]bool{}
	groups := map[string]*ReviewGroup{}
	for _, f := range cur.Findings {
		for _, c := range f.Clauses {
			cited[c] = true
		}
		if f.Subject != "" {
			key := string(f.Platform) + "\x00" + f.CheckID
			gr := groups[key]
			if gr == nil {
				gr = &ReviewGroup{
					Platform: f.Platform, PlatformName: f.Platform.DisplayName(), CheckID: f.CheckID,
					Category: checkTitle(f, red), Kind: subjectKind(cur.Snapshot, f), Clauses: f.Clauses,
				}
				groups[key] = gr
			}
			gr.Counts.Add(f.Status, 1)
			continue
		}
		r.Checklist = append(r.Checklist, Item{
			Platform: f.Platform, PlatformName: f.Platform.DisplayName(), CheckID: f.CheckID,
			Title: checkTitle(f, red), Status: f.Status, Severity: f.Severity,
			Reason: red.clean(f.Reason), Clauses: f.Clauses, FixURL: cleanURL(red, f.FixURL),
		})
	}
	sort.SliceStable(r.Checklist, func(i, j int) bool {
		a, b := r.Checklist[i], r.Checklist[j]
		if pa, pb := platformIndex(a.Platform), platformIndex(b.Platform); pa != pb {
			return pa < pb
		}
		if ra, rb := audit.StatusRank(a.Status), audit.StatusRank(b.Status); ra != rb {
			return ra < rb
		}
		return a.Title < b.Title
	})
	for _, gr := range groups {
		r.Review = append(r.Review, *gr)
	}
	sort.Slice(r.Review, func(i, j int) bool {
		a, b := r.Review[i], r.Review[j]
		if pa, pb := platformIndex(a.Platform), platformIndex(b.Platform); pa != pb {
			return pa < pb
		}
		return a.Category < b.Category
	})
	r.Platforms = platformSummaries(cur, r.Review, red)
	r.Changes = diff(in.Previous, cur, red)
	if in.Previous == nil {
		r.Changes.PreviousUnreadable = in.PreviousUnreadable
	}
	r.Trend, r.TrendOther = trend(in.History, cur)
	if g != nil {
		for _, c := range g.Controls {
			if cited[c.ID] {
				r.Clauses = append(r.Clauses, Clause{ID: c.ID, Section: c.Section, Text: c.Text})
			}
		}
		r.NotAssessed = notAssessed(g, cur.Score)
	}
	if in.Combined {
		gs := in.Guidelines
		if gs == nil {
			var err error
			if gs, err = audit.Guidelines(); err != nil {
				return nil, fmt.Errorf("building report: %w", err)
			}
		}
		r.Combined = combined(cur, g, gs, red)
	}
	return r, nil
}

// guidelineID is the ID of the guideline a result was scored against;
// results from before guidelines could be chosen were scored against the
// default.
func guidelineID(ref audit.GuidelineRef) string {
	if ref.ID == "" {
		return audit.DefaultGuidelineID
	}
	return ref.ID
}

// notAssessed lists g's controls that sc gave no score, in g's order.
func notAssessed(g *audit.Guideline, sc audit.Score) []NotAssessed {
	scored := map[string]bool{}
	for _, cs := range sc.Controls {
		if cs.Status != audit.NA {
			scored[cs.ControlID] = true
		}
	}
	out := []NotAssessed{}
	for _, c := range g.Controls {
		if scored[c.ID] {
			continue
		}
		out = append(out, NotAssessed{
			Clause:    Clause{ID: c.ID, Section: c.Section, Text: c.Text},
			ByHand:    c.ByHand,
			Checkable: len(c.Checks) > 0,
		})
	}
	return out
}

// combined sets each check of cur beside the clauses of every guideline
// in gs, the scored one (g) first.
func combined(cur *audit.Result, g *audit.Guideline, gs []*audit.Guideline, red *redactor) *Combined {
	var order []*audit.Guideline
	if g != nil {
		order = append(order, g)
	}
	for _, x := range gs {
		if g == nil || x.ID != g.ID {
			order = append(order, x)
		}
	}
	c := &Combined{Rows: []CombinedRow{}}
	for _, x := range order {
		c.Guidelines = append(c.Guidelines, guidelineInfo(x.Ref(), x))
	}
	rows := map[string]*CombinedRow{}
	var ids []string
	for _, f := range cur.Findings {
		row := rows[f.CheckID]
		if row == nil {
			row = &CombinedRow{CheckID: f.CheckID, Title: checkTitle(f, red), Status: f.Status}
			rows[f.CheckID] = row
			ids = append(ids, f.CheckID)
		}
		row.Findings++
		if audit.StatusRank(f.Status) < audit.StatusRank(row.Status) {
			row.Status = f.Status
		}
	}
	cited := make([]map[string]bool, len(order))
	for i := range order {
		cited[i] = map[string]bool{}
	}
	for _, id := range ids {
		row := rows[id]
		for i, x := range order {
			ctls := x.ControlsFor(id)
			if ctls == nil {
				ctls = []string{}
			}
			row.Cited = append(row.Cited, ctls)
			for _, k := range ctls {
				cited[i][k] = true
			}
		}
		c.Rows = append(c.Rows, *row)
	}
	sort.SliceStable(c.Rows, func(i, j int) bool {
		a, b := c.Rows[i], c.Rows[j]
		if ra, rb := audit.StatusRank(a.Status), audit.StatusRank(b.Status); ra != rb {
			return ra < rb
		}
		return a.Title < b.Title
	})
	for i, x := range order {
		qs := []Clause{}
		for _, ctl := range x.Controls {
			if cited[i][ctl.ID] {
				qs = append(qs, Clause{ID: ctl.ID, Section: ctl.Section, Text: ctl.Text})
			}
		}
		c.Clauses = append(c.Clauses, qs)
	}
	return c
}

// checkTitle prefers the check's own title, written by us and recorded in
// the result, over the finding's, which a check may have made specific (and
// may name someone); failing both, the check ID in words.
func checkTitle(f audit.Finding, red *redactor) string {
	if f.CheckTitle != "" && !red.leaks(f.CheckTitle) {
		return f.CheckTitle
	}
	if f.Title != "" && !red.leaks(f.Title) {
		return f.Title
	}
	return humanise(f.CheckID)
}

// humanise turns "connections.possible_patient" into "Connections:
// possible patient".
func humanise(id string) string {
	parts := strings.Split(strings.ReplaceAll(id, "_", " "), ".")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(p)
	}
	out := strings.Join(parts, ": ")
	if out == "" {
		return "Unnamed check"
	}
	return strings.ToUpper(out[:1]) + out[1:]
}

func subjectKind(s *audit.Snapshot, f audit.Finding) string {
	if s == nil {
		return "items"
	}
	for _, p := range s.Posts {
		if p.ID == f.Subject && p.Platform == f.Platform {
			return "posts"
		}
	}
	for _, list := range [][]audit.Connection{s.Connections, s.PendingRequests} {
		for _, c := range list {
			if c.Platform == f.Platform && (c.Handle == f.Subject || c.URL == f.Subject || c.Name == f.Subject) {
				return "connections"
			}
		}
	}
	low := strings.ToLower(f.Subject)
	switch {
	case strings.HasPrefix(low, "post"):
		return "posts"
	case strings.HasPrefix(low, "conn"), strings.HasPrefix(low, "friend"), strings.HasPrefix(low, "request"), strings.HasPrefix(low, "follow"):
		return "connections"
	}
	return "items"
}

// cleanURL keeps a fix link unless it points at a third party's page.
func cleanURL(red *redactor, u string) string {
	if u == "" || red.leaks(u) {
		return ""
	}
	return u
}

func guidelineInfo(ref audit.GuidelineRef, g *audit.Guideline) GuidelineInfo {
	gi := GuidelineInfo{ID: ref.ID, Title: ref.Title, Version: ref.Version}
	if g != nil {
		gi.Publisher = g.Publisher
		gi.Short = g.Name()
		if gi.Title == "" {
			gi.Title = g.Title
		}
	}
	gi.URL = guidelineURL(ref.ID)
	return gi
}

func platformSummaries(cur *audit.Result, review []ReviewGroup, red *redactor) []Platform {
	s := cur.Snapshot
	if s == nil {
		s = audit.NewSnapshot(cur.FinishedAt)
	}
	var out []Platform
	for _, p := range s.Chosen() {
		ps := Platform{ID: p, Name: p.DisplayName()}
		cov := s.CoverageFor(p)
		if !cov.Read() {
			na := cov.NotAuditedInfo()
			ps.Problem, ps.Action = red.clean(na.Reason), na.Action
			ps.Source = "not audited"
			out = append(out, ps)
			continue
		}
		ps.Audited = true
		ps.Score, ps.Scored = cur.Score.PerPlatform[p]
		ps.Counts = cur.Counts(p)
		switch cov.Source {
		case audit.SourceExport:
			ps.Source = "data export"
		case audit.SourcePublicView:
			ps.Source = "public view"
		default:
			ps.Source = "settings pages and public view"
		}
		if n := len(cov.Missing); n > 0 {
			ps.Problem = fmt.Sprintf("%d setting(s) could not be read and are marked UNKNOWN.", n)
		}
		for _, post := range s.Posts {
			if post.Platform == p {
				ps.Posts++
				if post.Public {
					ps.PublicPosts++
				}
			}
		}
		for _, c := range s.Connections {
			if c.Platform == p {
				ps.Connections++
			}
		}
		for _, c := range s.PendingRequests {
			if c.Platform == p {
				ps.PendingRequests++
			}
		}
		for _, se := range s.Sessions {
			if se.Platform == p {
				ps.Sessions++
			}
		}
		for _, g := range review {
			if g.Platform == p {
				ps.ToReview += g.Counts.Fail + g.Counts.Warn
			}
		}
		out = append(out, ps)
	}
	return out
}

// trend is the scores of the audits up to cur that were scored against
// cur's guideline; other counts those left out because they were not
// (their scores are on another scale).
func trend(es []history.Entry, cur *audit.Result) (points []TrendPoint, other int) {
	var out []TrendPoint
	seen := false
	for _, e := range es {
		if e.FinishedAt.After(cur.FinishedAt) {
			continue // the report is as of its own audit
		}
		if guidelineID(e.Guideline) != guidelineID(cur.Guideline) {
			other++
			continue
		}
		if e.ID == cur.ID {
			seen = true
		}
		out = append(out, TrendPoint{AuditID: e.ID, At: e.FinishedAt, Overall: e.Score.Overall, PerPlatform: e.Score.PerPlatform, Incomplete: e.Incomplete})
	}
	if !seen && cur.AnyRead() {
		out = append(out, TrendPoint{AuditID: cur.ID, At: cur.FinishedAt, Overall: cur.Score.Overall, PerPlatform: cur.Score.PerPlatform, Incomplete: !cur.Complete()})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	if out == nil {
		out = []TrendPoint{}
	}
	return out, other
}

func platformIndex(p audit.Platform) int {
	for i, q := range audit.Platforms {
		if q == p {
			return i
		}
	}
	return len(audit.Platforms)
}

// problem is a status the doctor has to act on.
func problem(s audit.Status) bool { return s == audit.Fail || s == audit.Warn }
