package match

import "strings"

// place is a town or postcode, folded for comparison.
type place struct {
	words   []string // town words, without country and filler
	outward string   // postcode district, "HG1" -> "hg1"
}

// placeFiller are words around a town in profile locations ("Lives in
// Harrogate, United Kingdom") that say nothing about which town.
var placeFiller = map[string]bool{
	"lives": true, "in": true, "from": true, "near": true, "based": true, "living": true,
	"united": true, "kingdom": true, "uk": true, "england": true, "scotland": true,
	"wales": true, "northern": true, "ireland": true, "gb": true, "great": true,
	"britain": true, "of": true, "the": true, "city": true, "county": true,
	"and": true, "area": true, "currently": true, "originally": true,
}

// isOutward matches a postcode district: "hg1", "ls12", "sw1a".
func isOutward(s string) bool {
	i := 0
	for i < len(s) && i < 2 && isLower(s[i]) {
		i++
	}
	if i == 0 || i >= len(s) || !isDigit(s[i]) {
		return false
	}
	i++
	if i < len(s) && (isDigit(s[i]) || isLower(s[i])) {
		i++
	}
	return i == len(s)
}

// isInward matches the second half of a postcode: "2ab".
func isInward(s string) bool {
	return len(s) == 3 && isDigit(s[0]) && isLower(s[1]) && isLower(s[2])
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func parsePlace(s string) place {
	var p place
	if strings.TrimSpace(s) == "" {
		return p
	}
	fields := strings.FieldsFunc(clean(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for i, f := range fields {
		switch {
		case isOutward(f) && (i+1 < len(fields) && isInward(fields[i+1]) || len(fields) == 1 || strings.ContainsAny(f, "0123456789") && len(f) <= 4):
			if p.outward == "" {
				p.outward = f
			}
		case isInward(f):
		case placeFiller[f]:
		default:
			p.words = append(p.words, f)
		}
	}
	// "HG12AB" written without a space.
	if p.outward == "" && len(p.words) == 1 && len(p.words[0]) >= 5 && len(p.words[0]) <= 7 {
		w := p.words[0]
		if isInward(w[len(w)-3:]) && isOutward(w[:len(w)-3]) {
			p.outward, p.words = w[:len(w)-3], nil
		}
	}
	return p
}

func (p place) empty() bool { return len(p.words) == 0 && p.outward == "" }

type placeVerdict int

const (
	placeUnknown placeVerdict = iota
	placeSame
	placeDifferent
)

// compare says whether two places are the same town (or postcode
// district), clearly different, or cannot be compared (a postcode against
// a town name).
func (p place) compare(q place) placeVerdict {
	if p.outward != "" && q.outward != "" {
		if p.outward == q.outward {
			return placeSame
		}
		return placeDifferent
	}
	if len(p.words) == 0 || len(q.words) == 0 {
		return placeUnknown
	}
	if containsRun(q.words, p.words) || containsRun(p.words, q.words) {
		return placeSame
	}
	return placeDifferent
}

// containsRun reports whether run appears contiguously in ws.
func containsRun(ws, run []string) bool {
	for i := 0; i+len(run) <= len(ws); i++ {
		ok := true
		for j := range run {
			if ws[i+j] != run[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// InPlaces reports whether a free-text location is one of the given towns
// or postcode districts.
func InPlaces(location string, towns []string) bool {
	l := parsePlace(location)
	if l.empty() {
		return false
	}
	for _, t := range towns {
		if parsePlace(t).compare(l) == placeSame {
			return true
		}
	}
	return false
}
