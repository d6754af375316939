package cli

import (
	"context"
	"encoding/json"
	"strings"

	"chaperone/audit"
)

// chooseGuideline is the shipped guideline with the given ID; an unknown
// one is a mistake in the command line, answered with the list.
func chooseGuideline(id string) (*audit.Guideline, error) {
	gs, err := audit.Guidelines()
	if err != nil {
		return nil, err
	}
	g, err := audit.FindGuideline(gs, strings.TrimSpace(id))
	if err != nil {
		return nil, usageErrorf("--guideline: %v (see `chaperone guidelines`)", err)
	}
	return g, nil
}

// guidelineSummary is one guideline as `chaperone guidelines --format
// json` lists it.
type guidelineSummary struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Version   string `json:"version"`
	Default   bool   `json:"default,omitempty"`
	Controls  int    `json:"controls"`
	// ByHand counts the controls no check can evidence.
	ByHand int    `json:"by_hand"`
	About  string `json:"about"`
}

func runGuidelines(_ context.Context, env Env, args []string) error {
	fs := newFlags(env, "guidelines", "guidelines [--format text|json] [ID]")
	format := fs.String("format", "text", "output `FORMAT`: text or json")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usageErrorf("--format must be text or json, not %q", *format)
	}
	if fs.NArg() > 1 {
		return usageErrorf("give at most one guideline ID")
	}
	if fs.NArg() == 1 {
		g, err := chooseGuideline(fs.Arg(0))
		if err != nil {
			return err
		}
		return showGuideline(env, g, *format)
	}
	gs, err := audit.Guidelines()
	if err != nil {
		return err
	}
	var list []guidelineSummary
	for _, g := range gs {
		list = append(list, guidelineSummary{
			ID: g.ID, Name: g.Name(), Title: g.Title, Publisher: g.Publisher, Version: g.Version,
			Default: g.ID == audit.DefaultGuidelineID, Controls: len(g.Controls), ByHand: len(g.NotAssessable()), About: g.About,
		})
	}
	if *format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(list)
	}
	ew := &errWriter{w: env.Stdout}
	ew.printf("Guidance Chaperone can score an audit against (chaperone audit --guideline ID):\n\n")
	for _, s := range list {
		def := ""
		if s.Default {
			def = "  (default)"
		}
		ew.printf("%-18s %s, version %s%s\n", s.ID, s.Name, s.Version, def)
		ew.printf("%-18s %s\n", "", s.Title)
		ew.printf("%-18s %d clauses, %d of them for you to check by hand. %s\n\n", "", s.Controls, s.ByHand, s.About)
	}
	ew.printf("chaperone guidelines ID lists a guideline's clauses and the checks behind each.\n")
	return ew.err
}

func showGuideline(env Env, g *audit.Guideline, format string) error {
	if format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(g)
	}
	ew := &errWriter{w: env.Stdout}
	ew.printf("%s (%s)\n%s\n%s, version %s\n\n%s\n", g.Name(), g.ID, g.Title, g.Publisher, g.Version, g.About)
	for _, s := range g.Sources {
		ew.printf("Quoted from: %s", s.Title)
		if s.Publisher != "" {
			ew.printf(", %s", s.Publisher)
		}
		if s.Date != "" {
			ew.printf(", %s", s.Date)
		}
		ew.printf("\n")
	}
	section := ""
	for _, c := range g.Controls {
		if c.Section != section {
			section = c.Section
			ew.printf("\n%s\n", section)
		}
		ew.printf("  %s (weight %g): “%s”\n", c.ID, c.Weight, strings.Join(strings.Fields(c.Text), " "))
		if len(c.Checks) > 0 {
			ew.printf("      checked by: %s\n", strings.Join(c.Checks, ", "))
		} else {
			ew.printf("      not assessed by Chaperone\n")
		}
		if c.ByHand != "" {
			ew.printf("      by hand: %s\n", c.ByHand)
		}
	}
	return ew.err
}
