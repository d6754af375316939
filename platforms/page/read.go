package page

import (
	"context"
	"fmt"

	"chaperone/audit"
	"chaperone/platforms/browser"
)

// ReadSettings opens a settings page and reads every fact the page
// knowledge puts on it, each from its own label's row. A fact whose label
// is not there, or whose value is missing or not one the file knows, is
// missing with the reason, never guessed. A PageError (the page moved, or
// is in another language) makes the page's facts missing and is returned
// for the caller to carry on past; anything else stops the network.
func (s *Session) ReadSettings(ctx context.Context, name string) (browser.Doc, error) {
	facts := s.Site.FactsOn(name)
	doc, err := s.Open(ctx, s.Site.Pages[name])
	if err != nil {
		if IsPageError(err) {
			for _, f := range facts {
				s.Missing(f.ID, err.Error())
			}
		}
		return doc, err
	}
	var labels []string
	for _, f := range facts {
		labels = append(labels, f.Labels...)
	}
	s.Settle(ctx, s.tab, labels)
	s.ReadFacts(ctx, s.tab, doc.URL, facts)
	return doc, nil
}

// ReadFacts reads facts from the page tab shows now (at loc), all in one
// call to the page.
func (s *Session) ReadFacts(ctx context.Context, tab *browser.Tab, loc string, facts []Fact) {
	if len(facts) == 0 {
		return
	}
	others := s.Site.Labels()
	qs := make([]browser.LabelQuery, len(facts))
	for i, f := range facts {
		qs[i] = browser.LabelQuery{Labels: f.Labels, Others: others, Values: f.Words(), Switch: f.Switch}
	}
	all, err := tab.ReadLabels(ctx, qs)
	if err != nil {
		for _, f := range facts {
			s.Missing(f.ID, err.Error())
		}
		return
	}
	for i, f := range facts {
		res := all[i]
		switch {
		case !res.Found:
			s.Missing(f.ID, fmt.Sprintf("the setting %q was not found on %s", f.Labels[0], loc))
			continue
		case res.Key == "":
			s.Missing(f.ID, res.Reason+" on "+loc)
			continue
		}
		v, ok := f.ValueFor(res.Key)
		if !ok {
			s.Missing(f.ID, fmt.Sprintf("unrecognised value %q next to %q on %s", res.Raw, res.Label, loc))
			continue
		}
		s.Set(audit.Fact{
			ID: f.ID, Value: v, Raw: res.Raw, Source: audit.SourceSettings, URL: loc, At: s.Now(),
			Evidence:   res.Label + " = " + res.Raw,
			Screenshot: s.Screenshot(ctx, tab, res.Rect, f.ID),
		})
	}
}
