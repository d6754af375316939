package app

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"chaperone/audit"
)

// StatusOrder is the order the checklist shows statuses in: the product's
// one order (audit.Statuses).
var StatusOrder = audit.Statuses

func statusRank(s audit.Status) int { return audit.StatusRank(s) }

var severityOrder = map[audit.Severity]int{
	audit.SeverityHigh: 0, audit.SeverityMedium: 1, audit.SeverityLow: 2, audit.SeverityInfo: 3,
}

func severityRank(s audit.Severity) int {
	if r, ok := severityOrder[s]; ok {
		return r
	}
	return len(severityOrder)
}

// StatusWord is a status said in words, for screen readers and tooltips; the
// checklist always shows the status text beside its colour.
func StatusWord(s audit.Status) string {
	switch s {
	case audit.Fail:
		return "Fails the guidance"
	case audit.Warn:
		return "Worth a look"
	case audit.Pass:
		return "Meets the guidance"
	case audit.Unknown:
		return "Could not be checked"
	case audit.NA:
		return "Does not apply"
	}
	return string(s)
}

// StatusCount is how many findings have one status.
type StatusCount struct {
	Status audit.Status
	N      int
}

// Checklist is a Result arranged for display.
type Checklist struct {
	Overall int
	// Scored is false when no platform could be read: there is no score.
	Scored bool
	// Complete is true when every chosen platform was read.
	Complete  bool
	Guideline string // "BMA: Using social media (2011)"
	// GuidelineID is the guideline the result was scored against: the
	// only one its rows cite.
	GuidelineID string
	When        string // when the audit finished, formatted
	Counts      []StatusCount
	Groups      []PlatformGroup
}

// PlatformGroup is the checklist of one platform.
type PlatformGroup struct {
	Platform audit.Platform
	Name     string
	Account  string
	Score    int
	Scored   bool // false when the result has no score for the platform
	Counts   []StatusCount
	// Audited is false when the platform could not be read: it has no
	// rows, counts or score, and Problem and Action say why and what to do.
	Audited bool
	Kind    audit.Problem
	Problem string
	Action  string
	// Source says where the platform was read from when it was a data
	// download: "your Instagram data download of 12 Nov 2026"; empty for a
	// live audit.
	Source string
	Rows   []Row
}

// Row is one finding as the checklist shows it.
type Row struct {
	CheckID  string
	Status   audit.Status
	Severity audit.Severity
	Title    string
	Reason   string
	// Rationale is why the check matters, in the guideline's words where
	// it has its own.
	Rationale   string
	Clauses     []ClauseLine
	Evidence    []EvidenceLine
	Remediation string
	FixURL      string
	// OpenURL opens the post or profile the finding is about (in the app
	// only: reports never carry it).
	OpenURL string
}

// ClauseLine is a guideline control a finding cites.
type ClauseLine struct {
	ID    string
	Title string
	Quote string // full text, empty when the guideline was not available
	Short string // the quote cut to fit one line
}

// String is the one-line form: `BMA-3 Privacy settings: "Doctors should…"`.
func (c ClauseLine) String() string {
	s := c.ID
	if c.Title != "" {
		s += " " + c.Title
	}
	if c.Short != "" {
		s += ": “" + c.Short + "”"
	}
	return s
}

// EvidenceLine is one thing read that a finding rests on.
type EvidenceLine struct {
	What  string // "Who can see your future posts? = Public"
	Where string // "the settings page"
	URL   string
	When  string // "12 Mar 2026 at 14:05"
}

// String is the one-line form used in checklist rows.
func (e EvidenceLine) String() string {
	parts := []string{e.What}
	var from []string
	if e.Where != "" {
		from = append(from, "read from "+e.Where)
	}
	if e.When != "" {
		from = append(from, "on "+e.When)
	}
	if len(from) > 0 {
		parts = append(parts, strings.Join(from, " "))
	}
	return strings.Join(parts, ", ")
}

// shortQuoteLen is how many characters of a guideline quote fit on a row.
const shortQuoteLen = 110

// NewChecklist arranges r for display: platforms in the app's order,
// findings ordered FAIL, UNKNOWN, WARN, PASS, N/A and by severity within a
// status. clause may be nil; times are shown in loc (nil = local time).
func NewChecklist(r *audit.Result, clause ClauseLookup, loc *time.Location) Checklist {
	if loc == nil {
		loc = time.Local
	}
	c := Checklist{Overall: r.Score.Overall, Scored: r.AnyRead() && r.Score.Assessed(), Complete: r.Complete(), Guideline: guidelineName(r.Guideline), GuidelineID: r.Guideline.ID}
	if c.GuidelineID == "" {
		c.GuidelineID = audit.DefaultGuidelineID // results from before the choice existed
	}
	if !r.FinishedAt.IsZero() {
		c.When = formatTime(r.FinishedAt, loc)
	}
	c.Counts = statusCounts(r.Counts(""))

	// A download is named with its network and date, so that findings
	// from it and from a live audit side by side can be told apart.
	downloads := map[audit.Platform]string{}
	if r.Snapshot != nil {
		for _, cov := range r.Snapshot.Coverage {
			if cov.Source == audit.SourceExport {
				downloads[cov.Platform] = downloadWords(cov.Platform, cov.Downloaded, loc)
			}
		}
	}
	where := func(s audit.Source, p audit.Platform) string {
		if w, ok := downloads[p]; ok && s == audit.SourceExport {
			return w
		}
		return sourceWords(s)
	}

	byPlatform := map[audit.Platform][]audit.Finding{}
	for _, f := range r.Findings {
		byPlatform[f.Platform] = append(byPlatform[f.Platform], f)
	}
	for _, p := range platformsIn(r) {
		g := PlatformGroup{Platform: p, Name: p.DisplayName(), Audited: true, Source: downloads[p]}
		g.Score, g.Scored = r.Score.PerPlatform[p]
		g.Counts = statusCounts(r.Counts(p))
		if r.Snapshot != nil {
			if cov := r.Snapshot.CoverageFor(p); cov != nil {
				g.Account = cov.Account
				if !cov.Read() {
					na := cov.NotAuditedInfo()
					g.Audited, g.Scored = false, false
					g.Kind, g.Problem, g.Action = na.Problem, na.Reason, na.Action
				}
			}
		}
		fs := byPlatform[p]
		sort.SliceStable(fs, func(i, j int) bool {
			if a, b := statusRank(fs[i].Status), statusRank(fs[j].Status); a != b {
				return a < b
			}
			return severityRank(fs[i].Severity) < severityRank(fs[j].Severity)
		})
		for _, f := range fs {
			g.Rows = append(g.Rows, newRow(f, clause, loc, where))
		}
		c.Groups = append(c.Groups, g)
	}
	return c
}

// platformsIn lists the platforms that were audited or have findings, known
// platforms first in display order, then any others by name.
func platformsIn(r *audit.Result) []audit.Platform {
	seen := map[audit.Platform]bool{}
	if r.Snapshot != nil {
		for _, cov := range r.Snapshot.Coverage {
			seen[cov.Platform] = true
		}
	}
	for _, f := range r.Findings {
		seen[f.Platform] = true
	}
	var out []audit.Platform
	for _, p := range audit.Platforms {
		if seen[p] {
			out = append(out, p)
			delete(seen, p)
		}
	}
	var rest []audit.Platform
	for p := range seen {
		rest = append(rest, p)
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i] < rest[j] })
	return append(out, rest...)
}

// statusCounts is c in the product's status order; zero counts are kept
// so that "0 UNKNOWN" is visible too.
func statusCounts(c audit.Counts) []StatusCount {
	out := make([]StatusCount, len(audit.Statuses))
	for i, s := range audit.Statuses {
		out[i] = StatusCount{Status: s, N: c.Of(s)}
	}
	return out
}

func newRow(f audit.Finding, clause ClauseLookup, loc *time.Location, where func(audit.Source, audit.Platform) string) Row {
	row := Row{
		CheckID:     f.CheckID,
		Rationale:   f.Rationale,
		Status:      f.Status,
		Severity:    f.Severity,
		Title:       f.Title,
		Reason:      f.Reason,
		Remediation: f.Remediation,
		FixURL:      f.FixURL,
	}
	if f.Subject != "" {
		// The post or profile itself, for the doctor to look at; the
		// subject's ID is internal and never shown.
		for _, e := range f.Evidence {
			if e.URL != "" {
				row.OpenURL = e.URL
				break
			}
		}
		if row.OpenURL == "" {
			row.OpenURL = f.FixURL
		}
	}
	for _, id := range f.Clauses {
		cl := ClauseLine{ID: id}
		if clause != nil {
			if c, ok := clause(id); ok {
				cl.Title = c.Title
				cl.Quote = strings.Join(strings.Fields(c.Quote), " ")
				cl.Short = shorten(cl.Quote, shortQuoteLen)
			}
		}
		row.Clauses = append(row.Clauses, cl)
	}
	if where == nil {
		where = func(s audit.Source, _ audit.Platform) string { return sourceWords(s) }
	}
	for _, e := range f.Evidence {
		line := EvidenceLine{What: e.What, Where: where(e.Source, f.Platform), URL: e.URL}
		if !e.At.IsZero() {
			line.When = formatTime(e.At, loc)
		}
		row.Evidence = append(row.Evidence, line)
	}
	return row
}

// ClauseText is the row's clauses on one line.
func (r Row) ClauseText() string {
	parts := make([]string, len(r.Clauses))
	for i, c := range r.Clauses {
		parts[i] = c.String()
	}
	return strings.Join(parts, "; ")
}

// EvidenceText is the row's evidence on one line.
func (r Row) EvidenceText() string {
	if len(r.Evidence) == 0 {
		return "Nothing was read for this item."
	}
	parts := make([]string, len(r.Evidence))
	for i, e := range r.Evidence {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}

// sourceWords says where a fact came from, in words.
func sourceWords(s audit.Source) string {
	switch s {
	case audit.SourceSettings:
		return "your settings page"
	case audit.SourcePublicView:
		return "your profile as a stranger sees it"
	case audit.SourceExport:
		return "your data download"
	}
	return string(s)
}

func guidelineName(g audit.GuidelineRef) string {
	name := g.Title
	if name == "" {
		name = g.ID
	}
	if g.Version != "" && !strings.Contains(name, g.Version) {
		name += " (" + g.Version + ")"
	}
	return name
}

func formatTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006 at 15:04")
}

// shorten cuts s to at most n characters at a word boundary, with an
// ellipsis when anything was cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexAny(cut, " \t"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// sentence makes s read as a sentence: capital first letter, full stop.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, size := utf8.DecodeRuneInString(s)
	s = strings.ToUpper(string(r)) + s[size:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}

// Item is one line of the flattened checklist list: a platform heading
// (Row < 0) or a finding.
type Item struct {
	Group int
	Row   int
}

// IsHeader reports whether the item is a platform heading.
func (it Item) IsHeader() bool { return it.Row < 0 }

// Items flattens the checklist into headings and rows for a list widget.
func (c Checklist) Items() []Item {
	var out []Item
	for gi, g := range c.Groups {
		out = append(out, Item{Group: gi, Row: -1})
		for ri := range g.Rows {
			out = append(out, Item{Group: gi, Row: ri})
		}
	}
	return out
}

// CountsText is counts as words: "3 FAIL · 1 UNKNOWN · 0 WARN · 5 PASS · 2 N/A".
func CountsText(cs []StatusCount) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = fmt.Sprintf("%d %s", c.N, c.Status)
	}
	return strings.Join(parts, " · ")
}

// Problem is a platform that could not be read, in plain words.
type Problem struct {
	Platform audit.Platform
	Name     string
	Text     string
	Action   string
}

// Problems lists the platforms that could not be fully read: the errors
// reported while the audit ran (their wording is the plainer) and those the
// result's coverage records, one per platform, in display order.
func (c Checklist) Problems(run []PlatformProgress) []Problem {
	byPlatform := map[audit.Platform]PlatformProgress{}
	for _, l := range run {
		if l.Failed {
			byPlatform[l.Platform] = l
		}
	}
	var out []Problem
	for _, g := range c.Groups {
		if g.Audited {
			delete(byPlatform, g.Platform)
			continue
		}
		delete(byPlatform, g.Platform)
		out = append(out, Problem{Platform: g.Platform, Name: g.Name, Text: g.Problem, Action: g.Action})
	}
	for _, l := range run {
		if _, ok := byPlatform[l.Platform]; ok {
			out = append(out, Problem{Platform: l.Platform, Name: l.Name, Text: l.Problem})
		}
	}
	return out
}

// SortBy is how the checklist is ordered.
type SortBy int

const (
	// SortPlatform groups findings under their platform, most in need of
	// attention first within each (the default).
	SortPlatform SortBy = iota
	// SortStatus lists every finding in one list, FAIL first.
	SortStatus
	// SortImportance lists every finding in one list, the most important
	// (severity) first.
	SortImportance
)

// SortNames are the sort orders as offered, in SortBy order.
var SortNames = []string{"Platform", "Status", "Importance"}

// View is the items shown for a sort order and a status filter (none:
// every status). Grouped by platform, each platform keeps its heading
// while it has a row to show (or, unfiltered, always, so that a platform
// not read is listed); in the single lists there are no headings and each
// row names its platform.
func (c Checklist) View(by SortBy, only []audit.Status) []Item {
	keep := func(s audit.Status) bool { return len(only) == 0 || slices.Contains(only, s) }
	var rows []Item
	var out []Item
	for gi, g := range c.Groups {
		var mine []Item
		for ri, r := range g.Rows {
			if keep(r.Status) {
				mine = append(mine, Item{Group: gi, Row: ri})
			}
		}
		if by == SortPlatform && (len(mine) > 0 || len(only) == 0) {
			out = append(out, Item{Group: gi, Row: -1})
			out = append(out, mine...)
		}
		rows = append(rows, mine...)
	}
	if by == SortPlatform {
		return out
	}
	row := func(it Item) Row { return c.Groups[it.Group].Rows[it.Row] }
	slices.SortStableFunc(rows, func(a, b Item) int {
		ra, rb := row(a), row(b)
		st := statusRank(ra.Status) - statusRank(rb.Status)
		sv := severityRank(ra.Severity) - severityRank(rb.Severity)
		if by == SortImportance {
			st, sv = sv, st
		}
		if st != 0 {
			return st
		}
		if sv != 0 {
			return sv
		}
		return a.Group - b.Group
	})
	return rows
}
