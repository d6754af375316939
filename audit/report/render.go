package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"chaperone/assets"
	"chaperone/audit"
	"chaperone/audit/vault"
)

// Template files under assets/.
const (
	templatePath   = "report/report.html.tmpl"
	headerPath     = "report/header.html.tmpl"
	footerPath     = "report/footer.html.tmpl"
	guidelinesPath = "report/guidelines.json"
)

var links = sync.OnceValue(func() map[string]struct{ URL, Label string } {
	out := map[string]struct{ URL, Label string }{}
	data, err := fs.ReadFile(assets.FS, guidelinesPath)
	if err == nil {
		_ = json.Unmarshal(data, &out) // a damaged file only loses the links
	}
	return out
})

func guidelineURL(id string) string { return links()[id].URL }

var funcs = template.FuncMap{
	"date":      func(t time.Time) string { return t.Local().Format("2 January 2006") },
	"datetime":  func(t time.Time) string { return t.Local().Format("2 January 2006, 15:04") },
	"shortdate": func(t time.Time) string { return t.Local().Format("2 Jan 2006") },
	"lower":     strings.ToLower,
	"statusClass": func(s audit.Status) string {
		if s == audit.NA {
			return "na"
		}
		return strings.ToLower(string(s))
	},
	"band": band,
	"audited": func(ps []Platform) []Platform {
		var out []Platform
		for _, p := range ps {
			if p.Audited {
				out = append(out, p)
			}
		}
		return out
	},
	"notAudited": func(ps []Platform) []Platform {
		var out []Platform
		for _, p := range ps {
			if !p.Audited {
				out = append(out, p)
			}
		}
		return out
	},
	"join":  strings.Join,
	"chart": func(r *Report) template.HTML { return template.HTML(TrendSVG(r.Trend, 640, 240)) },
	"signed": func(n int) string {
		if n > 0 {
			return "+" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	},
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"paras": func(s string) []string {
		var out []string
		for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	},
	"byPlatform": func(items []Item) [][]Item {
		var out [][]Item
		for _, it := range items {
			if n := len(out); n > 0 && out[n-1][0].Platform == it.Platform {
				out[n-1] = append(out[n-1], it)
				continue
			}
			out = append(out, []Item{it})
		}
		return out
	},
	// count writes "1 post", "3 connections".
	"count": func(n int, kind string) string {
		if n == 1 {
			kind = strings.TrimSuffix(kind, "s")
		}
		return strconv.Itoa(n) + " " + kind
	},
	"clauseAnchor":   func(id string) string { return "clause-" + strings.ToLower(id) },
	"combinedAnchor": func(id string) string { return "combined-" + strings.ToLower(id) },
	"reflectionParts": func(r Reflection) []struct{ Heading, Text string } {
		return []struct{ Heading, Text string }{
			{"What I found", r.Found}, {"What I learned", r.Learned}, {"What I changed", r.Changed}, {"What I will do", r.WillDo},
		}
	},
	// readOn is when a quarter's report read platform p.
	"readOn": func(ps []Platform, p audit.Platform) time.Time {
		for _, x := range ps {
			if x.ID == p {
				return x.ReadAt
			}
		}
		return time.Time{}
	},
	"title":        Title,
	"runningTitle": runningTitle,
	// guidelineName is the guideline's short name, else its title.
	"guidelineName": func(g GuidelineInfo) string {
		if g.Short != "" {
			return g.Short
		}
		return g.Title
	},
}

var tmpl = sync.OnceValues(func() (*template.Template, error) {
	return template.New("report.html.tmpl").Funcs(funcs).ParseFS(assets.FS, templatePath, headerPath, footerPath)
})

// band puts a score in words for the cover.
func band(score int) string {
	switch {
	case score >= 90:
		return "Well protected"
	case score >= 70:
		return "Some gaps to close"
	case score >= 40:
		return "Needs attention"
	}
	return "Needs urgent attention"
}

// HTML renders the report as a self-contained HTML page (styles and chart
// inline), ready to print to PDF.
func HTML(r *Report) ([]byte, error) {
	t, err := tmpl()
	if err != nil {
		return nil, fmt.Errorf("report template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "report.html.tmpl", r); err != nil {
		return nil, fmt.Errorf("rendering report: %w", err)
	}
	return buf.Bytes(), nil
}

// FooterHTML is the running footer for each printed page, with the page
// number fields Chromium fills in.
func FooterHTML(r *Report) (string, error) { return running(r, "footer.html.tmpl") }

// HeaderHTML is the running header for each printed page: the DEMO mark
// on a demo's report, else nothing.
func HeaderHTML(r *Report) (string, error) { return running(r, "header.html.tmpl") }

func running(r *Report, name string) (string, error) {
	t, err := tmpl()
	if err != nil {
		return "", fmt.Errorf("report template: %w", err)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, r); err != nil {
		return "", fmt.Errorf("rendering %s: %w", name, err)
	}
	return buf.String(), nil
}

// Title is the report's title, as its page and its PDF name it.
func Title(r *Report) string {
	t := "Social media self-audit"
	if r.Demo {
		t = "DEMO — " + t
	}
	if n := r.Doctor.Name; n != "" {
		t += " — " + n
	}
	return t + " — " + period(r)
}

// runningTitle is the title without the DEMO mark, for the footer.
func runningTitle(r *Report) string {
	t := "Social media self-audit"
	if n := r.Doctor.Name; n != "" {
		t += " · " + n
	}
	return t + " · " + period(r)
}

// period is the date of the audit, or the quarter a combined report covers.
func period(r *Report) string {
	if q := r.Quarter; q != nil {
		return q.Label
	}
	return r.Audit.FinishedAt.Local().Format("2 January 2006")
}

// Subject says what the report is, for the PDF's information.
func Subject(r *Report) string {
	s := "Supporting information for appraisal: a review of my own social-media accounts"
	if r.Demo {
		s = "A demonstration audit of fictional accounts, not for appraisal"
	}
	if g := r.Guideline.Title; g != "" {
		s += ", against " + g
	}
	return s
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteCSV writes the report as one table (section, platform, item,
// status, value, clauses, detail), for a spreadsheet.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	row := func(cells ...string) { _ = cw.Write(cells) }
	row("section", "platform", "item", "status", "value", "clauses", "detail")
	row("audit", "", "Audit ID", "", r.Audit.ID, "", "")
	if q := r.Quarter; q != nil {
		row("audit", "", "Quarter", "", q.Quarter, "", q.Label)
		for _, a := range q.Audits {
			row("audit", "", "Audit combined", "", a.ID, "", strings.Join(a.Used, ", "))
		}
	}
	row("audit", "", "Finished", "", r.Audit.FinishedAt.UTC().Format(time.RFC3339), "", "")
	row("audit", "", "Doctor", "", r.Doctor.Name, "", "")
	row("audit", "", "GMC number", "", r.Doctor.GMC, "", "")
	row("audit", "", "Guideline", "", strings.TrimSpace(r.Guideline.Title+" ("+r.Guideline.Version+")"), "", r.Guideline.URL)
	overall, complete := "", "complete"
	if r.Scored {
		overall = strconv.Itoa(r.Overall)
	}
	if !r.Complete {
		complete = "incomplete"
	}
	row("audit", "", "Overall score", "", overall, "", complete)
	for _, st := range audit.Statuses {
		row("counts", "", "Findings", string(st), strconv.Itoa(r.Counts.Of(st)), "", "")
	}
	for _, p := range r.Platforms {
		score := ""
		if p.Scored {
			score = strconv.Itoa(p.Score)
		}
		if !p.Audited {
			row("platform", p.Name, "Not audited", "", "", "", strings.TrimSpace(p.Problem+" "+p.Action))
			continue
		}
		row("platform", p.Name, "Score", "", score, "", p.Problem)
		if !p.ReadAt.IsZero() && r.Quarter != nil {
			row("platform", p.Name, "Read on", "", p.ReadAt.UTC().Format(time.RFC3339), "", p.AuditID)
		}
		if a := p.LastAttempt; a != nil {
			row("platform", p.Name, "Not readable later", "", a.At.UTC().Format(time.RFC3339), "", a.Reason)
		}
		row("platform", p.Name, "Posts read", "", strconv.Itoa(p.Posts), "", strconv.Itoa(p.PublicPosts)+" public")
		row("platform", p.Name, "Connections", "", strconv.Itoa(p.Connections), "", strconv.Itoa(p.PendingRequests)+" pending requests")
		row("platform", p.Name, "Flagged for review", "", strconv.Itoa(p.ToReview), "", "")
	}
	for _, it := range r.Checklist {
		row("checklist", it.PlatformName, it.Title, string(it.Status), it.CheckID, strings.Join(it.Clauses, " "), it.Reason)
	}
	for _, g := range r.Review {
		row("review", g.PlatformName, g.Category, "", strconv.Itoa(g.Counts.Total()), strings.Join(g.Clauses, " "),
			fmt.Sprintf("%d %s: %d fail, %d warn", g.Counts.Total(), g.Kind, g.Counts.Fail, g.Counts.Warn))
	}
	for _, c := range r.Changes.Fixed {
		row("fixed", c.PlatformName, c.Title, string(c.To), changeValue(c), "", string(c.From))
	}
	for _, c := range r.Changes.New {
		row("new", c.PlatformName, c.Title, string(c.To), changeValue(c), "", string(c.From))
	}
	for _, c := range r.Changes.Unchecked {
		row("not re-checked", c.PlatformName, c.Title, string(c.To), changeValue(c), "", string(c.From))
	}
	for _, name := range r.Changes.NotRechecked {
		row("not re-checked", name, "Platform not read this time", "", "", "", "")
	}
	for _, t := range r.Trend {
		row("trend", "", t.AuditID, "", strconv.Itoa(t.Overall), "", t.At.UTC().Format(time.RFC3339))
		for _, p := range audit.Platforms {
			if v, ok := t.PerPlatform[p]; ok {
				row("trend", p.DisplayName(), t.AuditID, "", strconv.Itoa(v), "", t.At.UTC().Format(time.RFC3339))
			}
		}
	}
	for _, c := range r.NotAssessed {
		detail := c.ByHand
		if c.Checkable {
			detail = strings.TrimSpace(detail + " Not assessed in this audit: none of its checks had anything to score.")
		}
		row("not assessed", "", c.Section, "", "", c.ID, detail)
	}
	if r.Combined != nil {
		for _, cr := range r.Combined.Rows {
			var cited []string
			for i, ids := range cr.Cited {
				if len(ids) > 0 {
					cited = append(cited, r.Combined.Guidelines[i].ID+": "+strings.Join(ids, " "))
				}
			}
			row("combined", "", cr.Title, string(cr.Status), cr.CheckID, strings.Join(cited, "; "), "")
		}
	}
	for _, a := range r.Actions {
		row("action", "", a, "", "", "", "")
	}
	for _, m := range r.Made {
		ok := "not confirmed"
		if m.Verified {
			ok = "confirmed"
		}
		row("action_made", m.Platform, m.Setting, ok, m.From+" -> "+m.To, "", m.At.Format(time.RFC3339))
	}
	row("reflection", "", "What I found", "", "", "", r.Reflection.Found)
	row("reflection", "", "What I learned", "", "", "", r.Reflection.Learned)
	row("reflection", "", "What I changed", "", "", "", r.Reflection.Changed)
	row("reflection", "", "What I will do", "", "", "", r.Reflection.WillDo)
	cw.Flush()
	return cw.Error()
}

func changeValue(c Change) string {
	if c.Items > 0 {
		return strconv.Itoa(c.Items) + " " + c.Kind
	}
	return ""
}

// WriteFile writes the report to path in the format its extension names:
// .json, .csv or .html. PDF needs a browser: see platforms/printer.
func WriteFile(path string, r *Report) error {
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json":
		err = WriteJSON(&buf, r)
	case ".csv":
		err = WriteCSV(&buf, r)
	case ".html", ".htm":
		var b []byte
		b, err = HTML(r)
		buf.Write(b)
	default:
		return fmt.Errorf("report %s: unknown format (use .pdf, .json, .csv or .html)", path)
	}
	if err != nil {
		return err
	}
	if err := vault.WriteFileAtomic(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	return nil
}
