package scan

import (
	"sort"
	"strings"

	"chaperone/audit"
)

// identifiers finds the things that point at one person directly.
func (p *pass) identifiers() {
	p.hospitalNumbers()
	p.numbers()
	p.datesOfBirth()
	p.emails()
	p.postcodes()
	p.addresses()
	p.names()
	p.personNames()
}

// tokAt is the index of the first token starting at or after byte off.
func (p *pass) tokAt(off int) int {
	return sort.Search(len(p.d.toks), func(i int) bool { return p.d.toks[i].start >= off })
}

// cueBefore reports whether a hit of g ends within gap tokens before token
// i (in the same sentence), and returns the hit.
func (p *pass) cueBefore(g groupID, i, gap int) (hit, bool) {
	hs := p.hits[g]
	for k := p.firstHit(g, i-gap-p.s.lx.maxLen); k < len(hs) && hs[k].from < i; k++ {
		h := hs[k]
		if h.to <= i && i-h.to <= gap && (i >= len(p.d.toks) || p.d.toks[h.from].sent == p.d.toks[i].sent || i-h.to == 0) {
			return h, true
		}
	}
	return hit{}, false
}

// numGroup is a run of digits in the text.
type numGroup struct {
	start, end int
}

// numbers finds NHS and CHI numbers and phone numbers: runs of digit groups
// separated by one space or hyphen, tried as every window of consecutive
// groups so that a number glued to a ward or bed number is still found.
func (p *pass) numbers() {
	if !p.d.digits {
		return
	}
	text := p.d.text
	var run []numGroup
	flush := func() {
		if len(run) > 0 {
			p.numberRun(run)
		}
		run = run[:0]
	}
	i := 0
	for i < len(text) {
		c := text[i]
		if !isDigit(c) {
			i++
			continue
		}
		if i > 0 && (isASCIILetter(text[i-1]) || text[i-1] == '.' && i > 1 && isDigit(text[i-2])) {
			// Part of a word ("K445") or a decimal: skip the digits.
			for i < len(text) && isDigit(text[i]) {
				i++
			}
			flush()
			continue
		}
		j := i
		for j < len(text) && isDigit(text[j]) {
			j++
		}
		if j < len(text) && (isASCIILetter(text[j]) || text[j] == '/' || (text[j] == '.' || text[j] == ':') && j+1 < len(text) && isDigit(text[j+1])) {
			// "3am", "14/02", "3.5", "10:30": not part of an identifier.
			for j < len(text) && (isWordByte(text[j]) || text[j] == '/' || text[j] == '.' || text[j] == ':') {
				j++
			}
			flush()
			i = j
			continue
		}
		if len(run) > 0 && !adjacent(text, run[len(run)-1].end, i) {
			flush()
		}
		run = append(run, numGroup{i, j})
		i = j
	}
	flush()
}

// adjacent reports whether two digit groups are separated only by one
// space, a hyphen or a bracket pair's edges ("(01632) 960417").
func adjacent(text string, end, start int) bool {
	sep := text[end:start]
	switch sep {
	case " ", "-", " - ", ") ", ")", " (", "(", ") (", "\u00a0":
		return true
	}
	return false
}

func (p *pass) numberRun(run []numGroup) {
	text := p.d.text
	for k := 0; k < len(run); k++ {
		digits := make([]byte, 0, 16) // on the stack: no allocation per run
		matched := -1
		var rule string
		for m := k; m < len(run) && m-k < 6; m++ {
			digits = append(digits, text[run[m].start:run[m].end]...)
			if len(digits) > 13 {
				break
			}
			if r := p.classifyNumber(run[k:m+1], digits); r != "" {
				matched, rule = m, r
			}
		}
		if matched < 0 {
			continue
		}
		a, b := run[k].start, run[matched].end
		if rule == rulePhone && a > 0 && text[a-1] == '+' {
			a--
		}
		if rule == rulePhone && a > 0 && text[a-1] == '(' {
			a--
		}
		if rule == rulePhone && b < len(text) && text[b] == ')' {
			b++
		}
		if !p.overlaps(a, b) {
			f := p.s.flag(rule, a, b)
			if rule == rulePhone && p.clinical {
				f.Severity = audit.SeverityHigh
			}
			p.add(f)
			p.claim(a, b)
		}
		k = matched
	}
}

// classifyNumber names the identifier formed by digit groups gs (digits
// concatenated), or "".
func (p *pass) classifyNumber(gs []numGroup, digits []byte) string {
	text := p.d.text
	lens := make([]int, len(gs))
	for i, g := range gs {
		lens[i] = g.end - g.start
	}
	first := p.tokAt(gs[0].start)
	nhsCue, hasNHSCue := p.cueBefore(p.s.g.nhsContext, first, 3)
	if len(digits) == 10 && (len(gs) == 1 || len(gs) == 3 && lens[0] == 3 && lens[1] == 3 && lens[2] == 4 || len(gs) == 2 && lens[0] == 6 && lens[1] == 4) {
		chiCue := hasNHSCue && strings.HasPrefix(p.d.word(nhsCue.from), "chi")
		if mod11(digits) {
			if chiCue || !hasNHSCue && len(gs) != 3 && dateLike(digits[:6]) {
				return ruleCHI
			}
			return ruleNHS
		}
		if hasNHSCue && p.d.word(nhsCue.from) != "patient" || chiCue {
			return ruleNHSLabelled
		}
		if mobileLike(digits) {
			// An Irish or Australian mobile, not a mistyped NHS number.
			goto phone
		}
		if len(gs) == 3 && (p.clinical || p.any(p.s.g.workplace) || p.any(p.s.g.nhsContext)) {
			// Written the way NHS numbers are printed; a typo in the check
			// digit still points colleagues at one patient.
			return ruleNHSFormat
		}
		if len(gs) == 1 && digits[0] != '0' && p.care() {
			// Ten digits in a patient post, as a clinical system prints
			// them unspaced.
			return ruleNHSFormat
		}
	}
	// Australian Medicare card: ten digits (4 5 1), the ninth a check
	// digit, the first 2 to 6.
	if len(digits) == 10 && (len(gs) == 1 || len(gs) == 3 && lens[0] == 4 && lens[1] == 5 && lens[2] == 1) && medicare(digits) && (p.clinical || p.any(p.s.g.idContext) || len(gs) == 3) {
		return ruleMedicare
	}
phone:
	// Phone numbers: UK mobiles and geographic numbers. Non-geographic
	// 03/08/09 numbers belong to organisations (helplines, surgeries).
	for _, l := range lens {
		if l < 2 {
			return ""
		}
	}
	d := string(digits)
	if gs[0].start > 0 && text[gs[0].start-1] == '+' {
		switch {
		case strings.HasPrefix(d, "44"):
			d = "0" + strings.TrimPrefix(strings.TrimPrefix(d, "44"), "0")
		case strings.HasPrefix(d, "353"), strings.HasPrefix(d, "61"), strings.HasPrefix(d, "64"):
			// Ireland, Australia, New Zealand: a whole number after the
			// country code.
			if len(d) >= 10 && len(d) <= 12 && !p.orgPhone(first) {
				return rulePhone
			}
			return ""
		case strings.HasPrefix(d, "1") && len(d) == 11:
			if !p.orgPhone(first) {
				return rulePhone
			}
			return ""
		default:
			return ""
		}
	}
	switch {
	case len(d) == 11 && strings.HasPrefix(d, "07"):
		return rulePhone
	case (len(d) == 11 || len(d) == 10) && (strings.HasPrefix(d, "01") || strings.HasPrefix(d, "02")):
		if p.orgPhone(first) {
			return ""
		}
		if len(gs) == 1 || lens[0] >= 3 {
			return rulePhone
		}
	case mobileLike([]byte(d)):
		// Australian (04xx xxx xxx) and Irish (083-089) mobiles: a
		// person's own number, like a UK 07.
		return rulePhone
	case len(d) == 10 && len(gs) == 3 && lens[0] == 3 && lens[1] == 3 && lens[2] == 4 && d[0] >= '2' && d[3] >= '2' &&
		(gs[0].start > 0 && text[gs[0].start-1] == '(' || text[gs[0].end] == '-' || text[gs[0].end] == '.'):
		// A North American number written (555) 201-4477 or 555-201-4477.
		if !p.orgPhone(first) {
			return rulePhone
		}
	}
	return ""
}

// mobileLike reports an Australian (04) or Irish (083 to 089) mobile
// number: ten digits.
func mobileLike(d []byte) bool {
	return len(d) == 10 && d[0] == '0' && (d[1] == '4' || d[1] == '8' && d[2] >= '3' && d[2] <= '9')
}

// orgPhoneCues, just before a landline, say it belongs to an organisation
// ("Reception: 029 ...", "call us on 01...").
var orgPhoneCues = map[string]bool{
	"reception": true, "switchboard": true, "enquiries": true, "office": true,
	"surgery": true, "practice": true, "helpline": true, "appointments": true,
	"us": true, "pharmacy": true, "clinic": true,
}

// orgPhone reports an organisation's cue within four words before token i.
func (p *pass) orgPhone(i int) bool { return p.cueBeforeIn(orgPhoneCues, i, 4) }

// cueBeforeIn reports a word of cues within n words before token i, in
// its sentence: what says a number or an address is an organisation's.
func (p *pass) cueBeforeIn(cues map[string]bool, i, n int) bool {
	toks := p.d.toks
	sent := toks[min(i, len(toks)-1)].sent
	for k := i - 1; k >= 0 && k >= i-n && toks[k].sent == sent; k-- {
		if cues[p.d.word(k)] {
			return true
		}
	}
	return false
}

// mod11 checks an NHS (or CHI) number's check digit.
func mod11(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]-'0') * (10 - i)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c != 10 && c == int(d[9]-'0')
}

// medicare checks an Australian Medicare number's check digit (the ninth
// digit is the weighted sum of the first eight, modulo 10).
func medicare(d []byte) bool {
	if len(d) != 10 || d[0] < '2' || d[0] > '6' {
		return false
	}
	w := [8]int{1, 3, 7, 9, 1, 3, 7, 9}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(d[i]-'0') * w[i]
	}
	return sum%10 == int(d[8]-'0')
}

// dateLike reports whether six digits read as a valid DDMMYY.
func dateLike(d []byte) bool {
	dd := int(d[0]-'0')*10 + int(d[1]-'0')
	mm := int(d[2]-'0')*10 + int(d[3]-'0')
	return dd >= 1 && dd <= 31 && mm >= 1 && mm <= 12
}

// hospitalNumbers finds record numbers after a label ("MRN", "hosp no."),
// anywhere later in the label's sentence within labelReach words ("hospital
// number's in the corner of the scan (RX4471820)"), and, with no label, a
// record-shaped code right next to an age ("RTH8832104, 34F, fell off a
// ladder"): how a handover or a scan's corner writes a patient.
func (p *pass) hospitalNumbers() {
	toks := p.d.toks
	for _, h := range p.hits[p.s.g.idContext] {
		// The label's own full stop ("hosp no. K445") does not end its
		// reach; a sentence does, past the first few words.
		for j := h.to; j < len(toks) && j < h.to+labelReach && (j < h.to+3 || toks[j].sent == toks[h.from].sent); j++ {
			w := p.d.word(j)
			end, ok := j, countDigits(w) >= 5 && len(w)-countDigits(w) <= 3 || nhiLike(w)
			if !ok {
				// "PHN 9876 543 210", "IHI 8003 6012 3456 7890".
				end, ok = p.spacedNumber(j)
			}
			if !ok {
				continue
			}
			a, b := toks[h.from].start, toks[end].end
			if !p.overlaps(a, b) {
				p.add(p.s.flag(ruleHospitalNumber, a, b))
				p.claim(a, b)
			}
			break
		}
	}
	for i := range toks {
		if toks[i].flags&tMixed == 0 || !recordCode(p.d.word(i)) {
			continue
		}
		near := false
		for j := max(i-2, 0); j < min(i+3, len(toks)) && !near; j++ {
			near = j != i && toks[j].sent == toks[i].sent && p.ageLen(j) > 0
		}
		a, b := toks[i].start, toks[i].end
		if near && !p.overlaps(a, b) {
			p.add(p.s.flag(ruleHospitalNumber, a, b))
			p.claim(a, b)
		}
	}
}

// spacedNumber reports a number written in groups from token j on (each
// group all digits, one space or hyphen apart, six to sixteen digits in
// all) and the index of its last group.
func (p *pass) spacedNumber(j int) (int, bool) {
	toks := p.d.toks
	n, k := 0, j
	for ; k < len(toks) && toks[k].flags&tDigits != 0 && toks[k].end-toks[k].start <= 5; k++ {
		if k > j && !adjacent(p.d.text, toks[k-1].end, toks[k].start) {
			break
		}
		n += toks[k].end - toks[k].start
	}
	return k - 1, k-j >= 2 && n >= 6 && n <= 16
}

// labelReach is how many words after its label a record number may come.
const labelReach = 10

// recordCode is the shape of a hospital's record number: one to three
// letters, then six to ten digits ("k4458921", "rth8832104").
func recordCode(w string) bool {
	k := 0
	for k < len(w) && isASCIILetter(w[k]) {
		k++
	}
	if k < 1 || k > 3 {
		return false
	}
	n := len(w) - k
	return n >= 6 && n <= 10 && countDigits(w[k:]) == n
}

// nhiLike matches a New Zealand NHI number: three letters (never i or
// o) and four digits.
func nhiLike(w string) bool {
	if len(w) != 7 {
		return false
	}
	for i := 0; i < 3; i++ {
		if !isASCIILetter(w[i]) || w[i] == 'i' || w[i] == 'o' {
			return false
		}
	}
	return countDigits(w[3:]) == 4
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

// dateSpan is a calendar date written in the text.
type dateSpan struct {
	start, end int // bytes
	tok        int // first token
}

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

// dates finds numeric dates (14/02/1961, 3.6.58, 12-09-1947) and written
// ones (4th July 1950, March 12 1948).
func (p *pass) dates() []dateSpan {
	if p.datesDone {
		return p.dateSpans
	}
	p.datesDone = true
	p.dateSpans = p.findDates()
	return p.dateSpans
}

func (p *pass) findDates() []dateSpan {
	text := p.d.text
	if !p.d.digits {
		return nil
	}
	var out []dateSpan
	for i := 0; i < len(text); i++ {
		if !isDigit(text[i]) || i > 0 && (isWordByte(text[i-1]) || text[i-1] == '/' || text[i-1] == '.') {
			continue
		}
		if end, ok := numericDate(text, i); ok {
			out = append(out, dateSpan{start: i, end: end, tok: p.tokAt(i)})
			i = end
		} else if end, ok := isoDate(text, i); ok {
			out = append(out, dateSpan{start: i, end: end, tok: p.tokAt(i)})
			i = end
		}
	}
	toks := p.d.toks
	for i := 0; i+1 < len(toks); i++ {
		if toks[i].flags&(tDigits|tMixed|tCap) == 0 {
			continue
		}
		w := p.d.word(i)
		day := ordinalDay(w)
		j := i + 1
		if day > 0 {
			if p.d.word(j) == "of" && j+1 < len(toks) {
				j++
			}
			if _, ok := months[p.d.word(j)]; ok && j+1 < len(toks) && isYear(p.d.word(j+1)) {
				out = append(out, dateSpan{start: toks[i].start, end: toks[j+1].end, tok: i})
			}
			continue
		}
		if toks[i].flags&tCap == 0 || len(w) < 3 || len(w) > 9 {
			continue
		}
		if _, ok := months[w]; ok && ordinalDay(p.d.word(j)) > 0 && j+1 < len(toks) && isYear(p.d.word(j+1)) {
			out = append(out, dateSpan{start: toks[i].start, end: toks[j+1].end, tok: i})
		}
	}
	return out
}

func numericDate(text string, i int) (int, bool) {
	var parts [3]int
	var sep byte
	j := i
	for k := 0; k < 3; k++ {
		n, v := 0, 0
		for j < len(text) && isDigit(text[j]) && n < 4 {
			v = v*10 + int(text[j]-'0')
			j++
			n++
		}
		if n == 0 || k < 2 && n > 2 || k == 2 && n != 2 && n != 4 {
			return 0, false
		}
		parts[k] = v
		if k < 2 {
			if j >= len(text) {
				return 0, false
			}
			c := text[j]
			if c != '/' && c != '.' && c != '-' || sep != 0 && c != sep {
				return 0, false
			}
			sep = c
			j++
		}
	}
	if j < len(text) && (isWordByte(text[j]) || text[j] == '/') {
		return 0, false
	}
	if parts[1] > 12 && parts[0] <= 12 {
		// US order, month first: 07/14/1979.
		parts[0], parts[1] = parts[1], parts[0]
	}
	if parts[0] < 1 || parts[0] > 31 || parts[1] < 1 || parts[1] > 12 {
		return 0, false
	}
	return j, true
}

// isoDate matches a date written year first, 1952-09-14, at text[i]
// and returns where it ends.
func isoDate(text string, i int) (int, bool) {
	if i+10 > len(text) || !isYear(text[i:i+4]) || text[i+4] != '-' && text[i+4] != '/' || text[i+7] != text[i+4] {
		return 0, false
	}
	if countDigits(text[i+5:i+7]) != 2 || countDigits(text[i+8:i+10]) != 2 || i+10 < len(text) && isWordByte(text[i+10]) {
		return 0, false
	}
	mm, dd := atoi(text[i+5:i+7]), atoi(text[i+8:i+10])
	return i + 10, mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31
}

func ordinalDay(w string) int {
	n, i := 0, 0
	for i < len(w) && isDigit(w[i]) && i < 2 {
		n = n*10 + int(w[i]-'0')
		i++
	}
	if i == 0 || n < 1 || n > 31 {
		return 0
	}
	switch w[i:] {
	case "", "st", "nd", "rd", "th":
		return n
	}
	return 0
}

func isYear(w string) bool {
	return len(w) == 4 && countDigits(w) == 4 && (w[:2] == "19" || w[:2] == "20")
}

// datesOfBirth flags a date right after "DOB", "date of birth" or, in a
// clinical post, "born".
func (p *pass) datesOfBirth() {
	if !p.any(p.s.g.dobContext) {
		return // no cue, so no date can be one of birth: skip finding dates
	}
	for _, dt := range p.dates() {
		h, ok := p.cueBefore(p.s.g.dobContext, dt.tok, 3)
		if !ok {
			continue
		}
		if p.d.word(h.from) == "born" && (p.ownFamily(h.from) || !p.care() && !hasYear(p.d.text[dt.start:dt.end])) {
			// "My son was born on ...": the author's own family, or a
			// date with no year.
			continue
		}
		a := p.d.toks[h.from].start
		if p.overlaps(a, dt.end) {
			continue
		}
		p.add(p.s.flag(ruleDOB, a, dt.end))
		p.claim(a, dt.end)
	}
}

// ownFamily reports "my" or "our" and a relative within four words
// before token i, in its sentence: the author speaking of their own
// family ("my son was born on").
func (p *pass) ownFamily(i int) bool {
	for k := i - 1; k > 0 && k >= i-4 && p.d.toks[k].sent == p.d.toks[i].sent; k-- {
		if w := p.d.word(k - 1); (w == "my" || w == "our") && ownKin[p.d.word(k)] {
			return true
		}
	}
	return false
}

// ownKin follow "my" or "our" when the author speaks of their family.
var ownKin = map[string]bool{
	"son": true, "daughter": true, "baby": true, "boy": true, "girl": true,
	"child": true, "kids": true, "children": true, "twins": true, "wife": true,
	"husband": true, "partner": true, "mum": true, "mom": true, "dad": true,
	"brother": true, "sister": true, "grandson": true, "granddaughter": true,
	"niece": true, "nephew": true, "little": true, "youngest": true, "eldest": true,
}

// care reports a post about care: clinical words, a workplace, an
// encounter, a patient or an age.
func (p *pass) care() bool {
	if p.clinical || p.any(p.s.g.workplace) || p.any(p.s.g.encounterVerbs) {
		return true
	}
	for i := range p.d.toks {
		if p.ageLen(i) > 0 {
			return true
		}
	}
	return false
}

// hasYear reports a four-digit year (19xx, 20xx) in s.
func hasYear(s string) bool {
	for i := 0; i+4 <= len(s); i++ {
		if (s[i:i+2] == "19" || s[i:i+2] == "20") && countDigits(s[i:i+4]) == 4 && (i == 0 || !isDigit(s[i-1])) && (i+4 == len(s) || !isDigit(s[i+4])) {
			return true
		}
	}
	return len(s) >= 3 && countDigits(s[len(s)-2:]) == 2 && !isDigit(s[len(s)-3])
}

// emails flags personal email addresses; organisation mailboxes (info@,
// press@) are left alone.
func (p *pass) emails() {
	if !p.d.at {
		return
	}
	text := p.d.text
	for i := 0; i < len(text); i++ {
		k := strings.IndexByte(text[i:], '@')
		if k < 0 {
			return
		}
		i += k
		a := i
		for a > 0 && isEmailLocal(text[a-1]) {
			a--
		}
		b := i + 1
		dot := -1
		for b < len(text) && (isWordByte(text[b]) || text[b] == '-' || text[b] == '.') {
			if text[b] == '.' {
				dot = b
			}
			b++
		}
		for b > i+1 && text[b-1] == '.' {
			b--
		}
		dot = strings.LastIndexByte(text[i+1:b], '.')
		if dot >= 0 {
			dot += i + 1
		}
		if a == i || dot < 0 || dot >= b-2 || dot == i+1 {
			continue
		}
		if p.roleMailbox(strings.ToLower(text[a:i])) {
			continue
		}
		if p.overlaps(a, b) {
			continue
		}
		f := p.s.flag(ruleEmail, a, b)
		if p.clinical {
			f.Severity = audit.SeverityHigh
		}
		p.add(f)
		p.claim(a, b)
		i = b
	}
}

// roleMailbox reports an email's local part that names a role, not a
// person: "reception", "practice.manager", "gp-appointments".
func (p *pass) roleMailbox(local string) bool {
	roles := p.s.lx.sets[p.s.g.roleMailbox]
	if roles[local] {
		return true
	}
	parts := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' })
	for _, w := range parts {
		if !roles[w] {
			return false
		}
	}
	return len(parts) > 0
}

func isEmailLocal(c byte) bool {
	return isWordByte(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// postcodes flags full UK postcodes written in capitals ("LS6 2AB",
// "SW1A 1AA"), whose area is a real one, and Irish Eircodes ("H91 F6P2").
func (p *pass) postcodes() {
	toks := p.d.toks
	for i := range toks {
		if toks[i].flags&tMixed == 0 {
			continue
		}
		w := p.d.word(i)
		if len(w) < 2 || len(w) > 7 || !isASCIILetter(w[0]) || !upper(p.d.text[toks[i].start:toks[i].end]) {
			continue
		}
		if eircodeKey(w) {
			if i+1 < len(toks) && toks[i+1].start-toks[i].end <= 1 && eircodeID(p.d.word(i+1)) && upper(p.d.text[toks[i+1].start:toks[i+1].end]) {
				p.addPostcode(toks[i].start, toks[i+1].end)
				continue
			}
		}
		if len(w) == 7 && eircodeKey(w[:3]) && eircodeID(w[3:]) {
			p.addPostcode(toks[i].start, toks[i].end)
			continue
		}
		if outward(w, p.s.lx.sets[p.s.g.postcodeAreas]) {
			if i+1 < len(toks) && toks[i+1].start-toks[i].end <= 1 {
				if inward(p.d.word(i+1)) && upper(p.d.text[toks[i+1].start:toks[i+1].end]) {
					p.addPostcode(toks[i].start, toks[i+1].end)
				}
			}
			continue
		}
		if len(w) >= 5 && len(w) <= 7 && inward(w[len(w)-3:]) && outward(w[:len(w)-3], p.s.lx.sets[p.s.g.postcodeAreas]) {
			p.addPostcode(toks[i].start, toks[i].end)
		}
	}
}

// upper reports whether s has no lower-case ASCII letter.
func upper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return false
		}
	}
	return true
}

func (p *pass) addPostcode(a, b int) {
	if p.overlaps(a, b) {
		return
	}
	f := p.s.flag(rulePostcode, a, b)
	if p.clinical {
		f.Severity = audit.SeverityHigh
	}
	p.add(f)
	p.claim(a, b)
}

// outward matches a postcode's first half: area letters, district digits
// and an optional letter (ls6, m14, sw1a).
func outward(w string, areas map[string]bool) bool {
	i := 0
	for i < len(w) && isASCIILetter(w[i]) {
		i++
	}
	if i == 0 || i > 2 || !areas[w[:i]] {
		return false
	}
	j := i
	for j < len(w) && isDigit(w[j]) {
		j++
	}
	if j == i || j-i > 2 {
		return false
	}
	if j == len(w) {
		return true
	}
	return j == len(w)-1 && isASCIILetter(w[j])
}

// eircodeLetters are the letters of an Eircode: those that cannot be
// misread as a digit or another letter. eircodeChars adds the digits.
const (
	eircodeLetters = "acdefhknprtvwxy"
	eircodeChars   = "0123456789" + eircodeLetters
)

// eircodeKey matches an Eircode's routing key: a letter and two digits
// ("h91", "t12"), or Dublin 6W's "d6w".
func eircodeKey(w string) bool {
	if w == "d6w" {
		return true
	}
	return len(w) == 3 && strings.IndexByte(eircodeLetters, w[0]) >= 0 && isDigit(w[1]) && isDigit(w[2])
}

// eircodeID matches the four characters after the routing key that name
// one address. Letters and digits both (every published one mixes them),
// so a word or a plain number is never taken for one.
func eircodeID(w string) bool {
	if len(w) != 4 {
		return false
	}
	letters, digits := 0, 0
	for i := 0; i < 4; i++ {
		switch {
		case strings.IndexByte(eircodeChars, w[i]) < 0:
			return false
		case isDigit(w[i]):
			digits++
		default:
			letters++
		}
	}
	return letters > 0 && digits > 0
}

// inward matches a postcode's second half: a digit and two letters other
// than c, i, k, m, o, v.
func inward(w string) bool {
	if len(w) != 3 || !isDigit(w[0]) {
		return false
	}
	for _, c := range []byte{w[1], w[2]} {
		if !isASCIILetter(c) || strings.IndexByte("cikmov", c) >= 0 {
			return false
		}
	}
	return true
}

// names flags a person's name in a clinical post: a title and surname
// ("Mrs Patel"), a name after "patient"/"named", or a known forename and a
// surname near clinical words. "Dr" and "Prof" are colleagues, not
// patients, and are left alone.
func (p *pass) names() {
	if !p.clinical {
		return
	}
	toks := p.d.toks
	isName := func(i int) bool {
		if i >= len(toks) || toks[i].flags&tCap == 0 || toks[i].flags&tDigits != 0 {
			return false
		}
		w := p.d.word(i)
		if len(w) < 2 || countDigits(w) > 0 || strings.ContainsAny(w, "&*/") {
			return false
		}
		return !p.inSet(p.s.g.hospitalWords, i) && !commonCapital[w]
	}
	nameEnd := func(i int) int { // extends over a second capitalised word
		if isName(i+1) && toks[i+1].start-toks[i].end <= 1 && toks[i+1].sent == toks[i].sent {
			return i + 2
		}
		return i + 1
	}
	for i := range toks {
		switch {
		case p.inSet(p.s.g.titles, i) && toks[i].flags&tCap != 0 && isName(i+1):
			if i > 0 && toks[i].start > 0 && p.d.text[toks[i].start-1] == '@' {
				continue
			}
			e := nameEnd(i + 1)
			p.addName(i, e)
		case p.inSet(p.s.g.forenames, i) && isName(i) && isName(i+1) && toks[i+1].start-toks[i].end <= 1 && toks[i+1].sent == toks[i].sent:
			if i > 0 && colleagueTitle[p.d.word(i-1)] {
				continue
			}
			if toks[i].flags&(tMention|tHashtag) != 0 {
				continue
			}
			_, cue := p.cueBefore(p.s.g.nameContext, i, 2)
			if cue || p.clinicalNear(i, 1) {
				p.addName(i, i+2)
			}
		case isName(i) && isName(i+1) && toks[i+1].start-toks[i].end <= 1 && toks[i+1].sent == toks[i].sent:
			if i > 0 && colleagueTitle[p.d.word(i-1)] {
				continue
			}
			if h, ok := p.cueBefore(p.s.g.nameContext, i, 1); ok && h.to == i {
				p.addName(i, i+2)
			}
		}
	}
}

// clinicalNear reports whether a clinical word is within n sentences of
// token i.
func (p *pass) clinicalNear(i, n int) bool {
	s := p.d.toks[i].sent
	return len(p.hitsInSentences(p.s.g.clinical, s-n, s+n)) > 0 || len(p.hitsInSentences(p.s.g.subject, s-n, s+n)) > 0
}

func (p *pass) addName(from, to int) {
	if p.hitInSentence(p.s.g.colleagueContext, p.d.toks[from].sent) {
		return
	}
	a, b := p.tokSpan(from, to)
	if p.overlaps(a, b) {
		return
	}
	p.add(p.s.flag(ruleName, a, b))
	p.claim(a, b)
}

// colleagueTitle words before a name mark a colleague, not a patient.
var colleagueTitle = map[string]bool{
	"dr": true, "doctor": true, "prof": true, "professor": true, "nurse": true,
	"sister": true, "matron": true, "sir": true, "dame": true, "lord": true,
	"lady": true, "rev": true, "cllr": true, "st": true, "saint": true,
}

// commonCapital words are capitalised for reasons other than being a name.
var commonCapital = map[string]bool{
	"the": true, "a": true, "an": true, "and": true, "in": true, "on": true,
	"at": true, "i": true, "my": true, "our": true, "nhs": true, "ward": true,
	"bed": true, "bay": true, "happy": true, "thank": true, "thanks": true,
	"day": true, "night": true, "street": true, "road": true, "lane": true,
	"avenue": true, "close": true, "christmas": true, "easter": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true,
	"friday": true, "saturday": true, "sunday": true, "university": true,
	"college": true, "school": true, "trust": true, "foundation": true,
	"centre": true, "center": true, "unit": true, "department": true,
}
