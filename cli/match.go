package cli

import (
	"context"
	"fmt"
	"os"

	"chaperone/audit/match"
	"chaperone/audit/watchlist"
)

func init() {
	Register("match", "find connections that may be patients on your watch-list", runMatch)
	sensitiveNames = watchlistNames
}

func runMatch(ctx context.Context, env Env, args []string) error {
	fs := newFlags(env, "match", "match --watchlist FILE.csv --connections FILE [--format text|json]")
	wl := fs.String("watchlist", "", "CSV of people who are or were patients: a name column (or first name and surname), optional year of birth, town or postcode, maiden name")
	conns := fs.String("connections", "", "connections: CSV with a name column, or JSON Lines {\"name\": ..., \"handle\": ..., \"location\": ...}")
	format := fs.String("format", "text", "text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *wl == "" || *conns == "" {
		return usageErrorf("both --watchlist and --connections are required")
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("--format must be text or json, not %q", *format)
	}
	w, err := os.Open(*wl)
	if err != nil {
		return fmt.Errorf("reading the watch-list: %w", err)
	}
	defer w.Close()
	c, err := os.Open(*conns)
	if err != nil {
		return fmt.Errorf("reading the connections: %w", err)
	}
	defer c.Close()
	return match.RunCLI(ctx, w, c, *format, env.Stdout)
}

// watchlistNames are the stored watch-list's names, kept out of reports.
// With no list (or no key) there is nothing to add: the report never
// holds a name from the history either way.
func watchlistNames(env Env, dataDir string) []string {
	l, err := watchlist.Open(env.Keyring, dataDir).Load()
	if err != nil {
		return nil
	}
	var names []string
	for _, p := range l.People {
		names = append(names, p.Name)
		if p.Maiden != "" {
			names = append(names, p.Maiden)
		}
	}
	return names
}
