package browser

import (
	"context"
	_ "embed"
	"fmt"
	"strings"
	"unicode"
)

// Normalize folds text for comparison the way the page reader does: lower
// case, curly and straight quotes alike, punctuation and runs of spaces
// collapsed to one space. "Who can see your friends list?" and "who can see
// your  Friends list" compare equal.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
			continue
		}
		space = true
	}
	return b.String()
}

// LabelQuery asks for the value shown next to a setting's label.
type LabelQuery struct {
	// Labels are the wordings the setting's label may have.
	Labels []string `json:"labels"`
	// Others are the labels of the other settings the page may show; a value
	// is never taken from past one of them, so rows cannot bleed together.
	Others []string `json:"others"`
	// Values are the words that may show the setting's value ("Public",
	// "Friends of friends", "Yes" ...).
	Values []string `json:"values"`
	// Switch accepts the state of a switch or checkbox (role=switch,
	// aria-checked, input type=checkbox) as "on"/"off".
	Switch bool `json:"switch"`
}

// LabelResult is what ReadLabel found.
type LabelResult struct {
	// Found is true when the label itself is on the page.
	Found bool `json:"found"`
	// Label is the label as the page shows it.
	Label string `json:"label"`
	// Key is the normalised value word (one of Normalize(Values)), or "on" /
	// "off" from a switch; empty when no value could be read.
	Key string `json:"key"`
	// Raw is the value as the page shows it.
	Raw string `json:"raw"`
	// How names what the value was read from: text, select, input, switch,
	// aria-label.
	How string `json:"how"`
	// Reason says why no value was read when the label was found.
	Reason string `json:"reason"`
	// Rect encloses the label and its value, in document coordinates.
	Rect Rect `json:"rect"`
}

//go:embed labels.js
var labelsJS string

// ReadLabel finds a setting's label by its text or accessible name and reads
// the value that belongs to it: a control the label names (aria-labelledby,
// label for=, aria-label), else the nearest value word in the same row,
// walking up the label's ancestors until one holds a value. It never looks at
// class names or element order beyond "the value is near its label".
func (t *Tab) ReadLabel(ctx context.Context, q LabelQuery) (LabelResult, error) {
	res, err := t.ReadLabels(ctx, []LabelQuery{q})
	if err != nil {
		return LabelResult{}, err
	}
	return res[0], nil
}

// ReadLabels is ReadLabel for several settings of one page, read in one
// call; the results are in the order of qs.
func (t *Tab) ReadLabels(ctx context.Context, qs []LabelQuery) ([]LabelResult, error) {
	if len(qs) == 0 {
		return nil, nil
	}
	nqs := make([]LabelQuery, len(qs))
	for i, q := range qs {
		nqs[i] = normQuery(q)
	}
	name := "reading the settings"
	if len(qs) == 1 && len(qs[0].Labels) > 0 {
		name = fmt.Sprintf("reading %q", qs[0].Labels[0])
	}
	res, err := Invoke[[]LabelResult](ctx, t, name, labelsBatchJS, "", nqs, false)
	if err == nil && len(res) != len(qs) {
		err = &StepError{Step: name, Err: fmt.Errorf("the page answered %d of %d settings", len(res), len(qs))}
	}
	return res, err
}

// labelsBatchJS reads each query of a list with labels.js.
var labelsBatchJS = "((read) => (qs) => qs.map((q) => read(q)))(" + labelsJS + ")"

// normQuery folds a query's words as the page folds its text, and drops
// from Others the labels that are the setting's own.
func normQuery(q LabelQuery) LabelQuery {
	norm := func(in []string) []string {
		out := make([]string, 0, len(in))
		for _, s := range in {
			if n := Normalize(s); n != "" {
				out = append(out, n)
			}
		}
		return out
	}
	nq := LabelQuery{Labels: norm(q.Labels), Others: norm(q.Others), Values: norm(q.Values), Switch: q.Switch}
	// A label that is also one of ours is not "another" setting.
	mine := map[string]bool{}
	for _, l := range nq.Labels {
		mine[l] = true
	}
	others := nq.Others[:0]
	for _, o := range nq.Others {
		if !mine[o] {
			others = append(others, o)
		}
	}
	nq.Others = others
	return nq
}
