package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"chaperone/audit"
)

// Resolve finds the audit a command names: "" or "latest" for the most
// recent one, an ID from the history, or the path of a result JSON file
// (as written by the app or `chaperone audit --json`).
func (s *Store) Resolve(spec string) (*audit.Result, error) {
	switch {
	case spec == "" || spec == "latest":
		return s.Latest()
	case strings.HasSuffix(strings.ToLower(spec), ".json"):
		return ReadResultFile(spec)
	}
	r, err := s.Load(spec)
	if errors.Is(err, ErrNotFound) {
		if _, serr := os.Stat(spec); serr == nil {
			return ReadResultFile(spec)
		}
	}
	return r, err
}

// ReadResultFile reads a result saved as JSON, refusing a schema this
// version does not know.
func ReadResultFile(path string) (*audit.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading audit: %w", err)
	}
	defer f.Close()
	var r audit.Result
	if err := json.NewDecoder(f).Decode(&r); err != nil {
		return nil, fmt.Errorf("reading audit %s: %w", path, err)
	}
	if r.Schema != audit.Schema {
		return nil, fmt.Errorf("reading audit %s: schema %d, this Chaperone reads %d", path, r.Schema, audit.Schema)
	}
	return &r, nil
}

// WriteList prints the history for `chaperone history`: a table, or with
// format "json" the entries as a JSON array. Entries carry no third-party
// data, so both are safe to share.
func WriteList(w io.Writer, es []Entry, format string) error {
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if es == nil {
			es = []Entry{}
		}
		return enc.Encode(es)
	case "", "table", "text":
	default:
		return fmt.Errorf("unknown format %q (want table or json)", format)
	}
	if len(es) == 0 {
		_, err := fmt.Fprintln(w, "No audits yet. Run one with `chaperone audit` or from the app.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFINISHED\tGUIDELINE\tSCORE\tPLATFORMS\tFAIL\tWARN\tUNKNOWN\tNOT AUDITED")
	for _, e := range es {
		c := audit.CountsOf(e.Score.Counts)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%d\t%d\t%s\n",
			e.ID, e.FinishedAt.Local().Format("2006-01-02 15:04"),
			strings.TrimSpace(e.Guideline.ID+" "+e.Guideline.Version),
			e.Score.Overall, platformScores(e),
			c.Fail, c.Warn, c.Unknown, notAudited(e))
	}
	return tw.Flush()
}

func notAudited(e Entry) string {
	var names []string
	for _, na := range e.NotAudited {
		names = append(names, na.Platform.DisplayName()+" ("+string(na.Problem)+")")
	}
	if len(names) == 0 {
		return "-"
	}
	return strings.Join(names, ", ")
}

func platformScores(e Entry) string {
	ps := append([]audit.Platform(nil), e.Platforms...)
	for p := range e.Score.PerPlatform {
		if !containsPlatform(ps, p) {
			ps = append(ps, p)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return platformOrder(ps[i]) < platformOrder(ps[j]) })
	var parts []string
	for _, p := range ps {
		if sc, ok := e.Score.PerPlatform[p]; ok {
			parts = append(parts, fmt.Sprintf("%s %d", p.DisplayName(), sc))
		} else {
			parts = append(parts, p.DisplayName())
		}
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func containsPlatform(ps []audit.Platform, p audit.Platform) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func platformOrder(p audit.Platform) int {
	for i, q := range audit.Platforms {
		if q == p {
			return i
		}
	}
	return len(audit.Platforms)
}
