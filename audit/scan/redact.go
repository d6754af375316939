package scan

import (
	"strings"
	"unicode/utf8"
)

// maskFor is what replaces an identifier in a redacted text.
var maskFor = map[string]string{
	ruleNHS:            "[NHS number]",
	ruleNHSLabelled:    "[NHS number]",
	ruleNHSFormat:      "[NHS number]",
	ruleCHI:            "[CHI number]",
	ruleHospitalNumber: "[hospital number]",
	ruleDOB:            "[date of birth]",
	rulePhone:          "[phone]",
	ruleEmail:          "[email]",
	rulePostcode:       "[postcode]",
	ruleName:           "[name]",
	rulePersonName:     "[name]",
	ruleMedicare:       "[Medicare number]",
	ruleAddress:        "[address]",
	ruleStreet:         "[street]",
}

// Redact returns text with every identifier flag's span masked ("[NHS
// number]", "[name]"). Flags must come from scanning this text.
func Redact(text string, flags []Flag) string {
	var b strings.Builder
	last := 0
	for _, f := range flags {
		m, ok := maskFor[f.Rule]
		if !ok || f.Image != 0 || f.Start < last || f.End > len(text) || f.Start >= f.End {
			continue
		}
		b.WriteString(text[last:f.Start])
		b.WriteString(m)
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String()
}

// Snippet is the text around flag f, at most about width bytes, with every
// identifier in it masked, on one line. It is what findings show: enough
// to find the post, never the identifier itself.
func Snippet(text string, flags []Flag, f Flag, width int) string {
	if f.Image != 0 || f.End <= f.Start {
		f.Start, f.End = 0, min(len(text), width)
	}
	a := max(0, f.Start-width/3)
	b := min(len(text), f.End+width/3)
	if b-a > width {
		b = min(len(text), max(f.End, a+width))
	}
	// Widen so that no identifier is cut in half (a cut one would leak
	// its visible part).
	for _, g := range flags {
		if _, ok := maskFor[g.Rule]; !ok || g.Image != 0 {
			continue
		}
		if g.Start < a && g.End > a {
			a = g.Start
		}
		if g.Start < b && g.End > b {
			b = g.End
		}
	}
	for a > 0 && !utf8.RuneStart(text[a]) {
		a--
	}
	for b < len(text) && !utf8.RuneStart(text[b]) {
		b++
	}
	var local []Flag
	for _, g := range flags {
		if g.Start >= a && g.End <= b && g.Image == 0 {
			g.Start -= a
			g.End -= a
			local = append(local, g)
		}
	}
	out := Redact(text[a:b], local)
	out = strings.Join(strings.Fields(out), " ")
	if a > 0 {
		out = "…" + out
	}
	if b < len(text) {
		out += "…"
	}
	return out
}
