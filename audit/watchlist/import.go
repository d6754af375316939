package watchlist

import (
	"bufio"
	"bytes"
	"chaperone/audit/csvquote"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Field is what Chaperone reads a column of an imported file as.
type Field string

// The fields of a watch-list file. Clinical systems export lists with
// columns such as Title, Forename, Surname, Date of Birth and Postcode in
// any order; each column is understood as one of these, or not used.
const (
	FieldIgnored  Field = ""
	FieldName     Field = "name"             // a whole name: "SMITH, John" or "John Smith"
	FieldTitle    Field = "title"            // Mr, Mrs, Dr: not kept
	FieldForename Field = "forename"         // first (and middle) names
	FieldMiddle   Field = "middle names"     // middle names
	FieldSurname  Field = "surname"          // surname
	FieldKnownAs  Field = "known as"         // preferred or calling name
	FieldMaiden   Field = "previous surname" // maiden or former surname
	FieldBirth    Field = "date of birth"    // only the year is kept
	FieldYear     Field = "year of birth"    // year of birth
	FieldTown     Field = "town"             // town or city (or a postcode)
	FieldPostcode Field = "postcode"         // only the district is kept
	FieldAddress  Field = "address"          // only a postcode district in it is kept
)

// Kept says, in words for the preview, what is kept of a column.
func (f Field) Kept() string {
	switch f {
	case FieldName, FieldForename, FieldMiddle, FieldSurname, FieldMaiden:
		return "kept"
	case FieldKnownAs:
		return "kept as another first name"
	case FieldBirth:
		return "only the year is kept"
	case FieldYear:
		return "kept"
	case FieldTown:
		return "kept (a postcode in it is cut to its district)"
	case FieldPostcode:
		return "only the district (HG1 of HG1 2AB) is kept"
	case FieldAddress:
		return "only a postcode district in it is kept"
	case FieldTitle:
		return "not kept"
	}
	return "not used"
}

// Column is one column of an imported file and how it was understood.
type Column struct {
	// Index is the column's position, from 0.
	Index int
	// Header is the column's heading as written, "" in a file without one.
	Header string
	Field  Field
	// Note explains a column read differently from its heading, or not
	// used ("a second surname column").
	Note string
}

// Problem is a row that was skipped or read only in part. It holds a row
// number and a reason, never the row's content.
type Problem struct {
	Row    int
	Reason string
}

// Import is a watch-list file as it was understood, before anything is
// stored: the doctor sees the columns and the counts and then decides.
type Import struct {
	Columns   []Column
	HasHeader bool
	// Delimiter is the separator found: ',', ';' or '\t'.
	Delimiter rune
	// Preamble is how many lines before the header were skipped (report
	// titles, run dates).
	Preamble int
	// Rows is how many data rows were read.
	Rows   int
	People []Person
	// Skipped are rows that gave no person (no name in them).
	Skipped []Problem
	// Partial are rows read without one of their values (a date of birth
	// that is not a date): the person is imported without it.
	Partial []Problem
}

// MaxImportBytes bounds the file read by ReadImport: a practice list of
// MaxRows people fits easily, a database dump does not.
const MaxImportBytes = 64 << 20

// maxProblems bounds the problems listed; the counts stay exact.
const maxProblems = 1000

// ErrTooLarge means the file is larger than MaxImportBytes.
var ErrTooLarge = fmt.Errorf("the file is larger than %d MB, too large to be a watch-list", MaxImportBytes>>20)

// headerWords are the headings of each field, written as normHeader
// leaves them. Clinical exports (EMIS Web, SystmOne, Vision) and
// spreadsheets typed by hand use these.
var headerWords = map[string]Field{
	"name": FieldName, "names": FieldName, "full name": FieldName, "fullname": FieldName, "full names": FieldName,
	"display name": FieldName, "patient": FieldName, "patients": FieldName,

	"title": FieldTitle, "salutation": FieldTitle, "prefix": FieldTitle,

	"forename": FieldForename, "forenames": FieldForename, "fore name": FieldForename, "fore names": FieldForename,
	"first name": FieldForename, "first names": FieldForename, "firstname": FieldForename, "first": FieldForename,
	"given name": FieldForename, "given names": FieldForename, "givenname": FieldForename, "christian name": FieldForename,

	"middle name": FieldMiddle, "middle names": FieldMiddle, "middle": FieldMiddle, "middlename": FieldMiddle,
	"other forenames": FieldMiddle, "other forename": FieldMiddle, "second forename": FieldMiddle,

	"surname": FieldSurname, "surnames": FieldSurname, "last name": FieldSurname, "lastname": FieldSurname,
	"last": FieldSurname, "family name": FieldSurname, "familyname": FieldSurname,

	"known as": FieldKnownAs, "preferred name": FieldKnownAs, "preferred forename": FieldKnownAs,
	"preferred first name": FieldKnownAs, "calling name": FieldKnownAs, "nickname": FieldKnownAs,
	"nick name": FieldKnownAs, "usual name": FieldKnownAs, "goes by": FieldKnownAs,

	"maiden name": FieldMaiden, "maiden": FieldMaiden, "previous surname": FieldMaiden, "previous surnames": FieldMaiden,
	"former surname": FieldMaiden, "birth surname": FieldMaiden, "surname at birth": FieldMaiden,
	"other surname": FieldMaiden, "previous name": FieldMaiden, "previous last name": FieldMaiden,
	"nee": FieldMaiden, "maiden surname": FieldMaiden,

	"date of birth": FieldBirth, "dob": FieldBirth, "d o b": FieldBirth, "birth date": FieldBirth,
	"birthdate": FieldBirth, "born": FieldBirth, "birthday": FieldBirth, "date born": FieldBirth,

	"year of birth": FieldYear, "yob": FieldYear, "birth year": FieldYear, "year born": FieldYear,

	"town": FieldTown, "city": FieldTown, "post town": FieldTown, "town city": FieldTown, "place": FieldTown,
	"location": FieldTown, "village": FieldTown, "locality": FieldTown, "town postcode": FieldTown,
	"town or postcode": FieldTown, "town or city": FieldTown, "home town": FieldTown,

	"postcode": FieldPostcode, "post code": FieldPostcode, "postal code": FieldPostcode, "postcode district": FieldPostcode,
	"zip": FieldPostcode, "zip code": FieldPostcode,

	"address": FieldAddress, "home address": FieldAddress, "full address": FieldAddress, "usual address": FieldAddress,
}

// normHeader lower-cases a heading, turns punctuation into spaces and
// drops a leading "patient" or "patient's": "Patient_Surname" -> "surname",
// "D.O.B." -> "d o b".
func normHeader(s string) string {
	s = strings.ToLower(strings.Trim(strings.TrimSpace(s), "\"'*"))
	s = strings.Map(func(r rune) rune {
		switch {
		case r == 'é' || r == 'è':
			return 'e'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		}
		return ' '
	}, s)
	w := strings.Fields(s)
	if len(w) > 1 && (w[0] == "patient" || w[0] == "patients" || w[0] == "pt") {
		w = w[1:]
		if len(w) > 1 && w[0] == "s" {
			w = w[1:]
		}
	}
	return strings.Join(w, " ")
}

// fieldOf understands one heading: an exact heading first, then the words
// that give it away ("Surname (current)", "Patient's Date of Birth").
func fieldOf(h string) Field {
	k := normHeader(h)
	if f, ok := headerWords[k]; ok {
		return f
	}
	has := func(ws ...string) bool {
		for _, w := range ws {
			if strings.Contains(" "+k+" ", " "+w+" ") {
				return true
			}
		}
		return false
	}
	switch {
	case has("surname", "last name", "family name", "lastname"):
		if has("previous", "former", "maiden", "birth", "other", "old") {
			return FieldMaiden
		}
		if has("preferred", "known") {
			return FieldIgnored
		}
		return FieldSurname
	case has("maiden", "nee"):
		return FieldMaiden
	case has("known as", "preferred", "nickname", "calling"):
		return FieldKnownAs
	case has("forename", "forenames", "first name", "first names", "given name", "given names", "firstname"):
		return FieldForename
	case has("middle"):
		return FieldMiddle
	case has("dob") || has("birth") && has("date"):
		return FieldBirth
	case has("birth") && has("year"), has("yob"):
		return FieldYear
	case has("postcode", "post code", "postal code"):
		return FieldPostcode
	case has("town", "city"):
		return FieldTown
	}
	return FieldIgnored
}

// countingReader fails once more than limit bytes have been read.
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.n > c.limit {
		return n, ErrTooLarge
	}
	return n, err
}

// ReadImport reads a watch-list file and says how it understood it. The
// file is CSV with comma, semicolon or tab separators, with or without a
// header; a header may follow a few preamble lines (a report title).
// Without a header the columns are name[, year of birth[, town or
// postcode]]. Nothing is stored: the caller shows the preview and stores
// Import.People if the doctor agrees. Errors and problems name rows, never
// their content, so that no patient name reaches a log.
func ReadImport(r io.Reader) (*Import, error) {
	br := bufio.NewReader(&countingReader{r: r, limit: MaxImportBytes})
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	head, _ := br.Peek(4096)
	im := &Import{Delimiter: sniffComma(head)}
	quotes := csvquote.New(br, im.Delimiter, '#')
	cr := csv.NewReader(quotes)
	cr.Comma = im.Delimiter
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	cr.Comment = '#'

	var (
		started bool // the header (or the first data row) was found
		row     int
		first   [][]string // rows read before the header was found
	)
	for {
		rec, err := cr.Read()
		// With lazy quotes an unclosed quote swallows the rest of the file
		// into one field: refuse it, whatever else the rows say.
		if qerr := quotes.Err(); qerr != nil {
			return nil, fmt.Errorf("watch-list %w", qerr)
		}
		if err == io.EOF {
			break
		}
		if errors.Is(err, ErrTooLarge) {
			return nil, ErrTooLarge
		}
		row++
		if err != nil {
			return nil, fmt.Errorf("watch-list row %d: %w", row, errWithoutText(err))
		}
		if row > MaxRows+preambleRows {
			return nil, fmt.Errorf("watch-list has more than %d rows", MaxRows)
		}
		for i := range rec {
			if !utf8.ValidString(rec[i]) {
				return nil, fmt.Errorf("watch-list row %d: not UTF-8 text (save the file as UTF-8 CSV)", row)
			}
			rec[i] = strings.TrimSpace(rec[i])
		}
		if !started {
			// Look for the header in the first rows; rows before it are
			// a preamble unless no header turns up at all.
			if f, ok := headerFields(rec); ok {
				started = true
				im.HasHeader, im.Preamble = true, len(first)
				for i, h := range rec {
					im.Columns = append(im.Columns, Column{Index: i, Header: h, Field: f[i]})
				}
				im.noteColumns()
				if !im.hasName() {
					return nil, ErrNoNames
				}
				first = nil
				continue
			}
			if len(first) < preambleRows && !blank(rec) {
				first = append(first, append([]string(nil), rec...))
				continue
			}
			// No header: the first rows were data after all.
			started = true
			im.headerless(first, rec)
			for k, fr := range first {
				im.add(row-len(first)+k, fr)
			}
			first = nil
		}
		im.add(row, rec)
		if len(im.People) > MaxRows {
			return nil, fmt.Errorf("watch-list has more than %d people", MaxRows)
		}
	}
	if !started && len(first) > 0 {
		im.headerless(first, nil)
		for k, fr := range first {
			im.add(k+1, fr)
		}
	}
	if len(im.People) == 0 {
		return nil, ErrNoNames
	}
	return im, nil
}

// preambleRows is how many rows may come before the header.
const preambleRows = 10

func blank(rec []string) bool {
	for _, c := range rec {
		if c != "" {
			return false
		}
	}
	return true
}

// headerFields reads rec as a header: at least one cell must name a
// field that holds a name, and no cell may look like a date or a year
// (a data row whose surname happens to be "Town").
func headerFields(rec []string) ([]Field, bool) {
	f := make([]Field, len(rec))
	named, known := false, 0
	for i, c := range rec {
		if _, ok := ParseYear(c); ok && c != "" {
			return nil, false
		}
		f[i] = fieldOf(c)
		switch f[i] {
		case FieldName, FieldForename, FieldSurname:
			named = true
		}
		if f[i] != FieldIgnored {
			known++
		}
	}
	// A one-column file "name" is a header; so is "Surname;Forename".
	// A lone known word among many unknown cells is a data row.
	// Headings without a name column ("town,postcode") are still a
	// header, which the caller rejects with ErrNoNames.
	if known == 0 || !named && known < 2 {
		return nil, false
	}
	return f, true
}

// noteColumns marks repeated columns: the first of each field is used.
func (im *Import) noteColumns() {
	seen := map[Field]bool{}
	for i := range im.Columns {
		c := &im.Columns[i]
		if c.Field == FieldIgnored {
			continue
		}
		if seen[c.Field] {
			c.Note = "another " + string(c.Field) + " column: not used"
			c.Field = FieldIgnored
			continue
		}
		seen[c.Field] = true
	}
	// A whole-name column beside forename and surname columns is a
	// duplicate of them.
	if seen[FieldName] && (seen[FieldForename] || seen[FieldSurname]) {
		for i := range im.Columns {
			if im.Columns[i].Field == FieldName {
				im.Columns[i].Field = FieldIgnored
				im.Columns[i].Note = "the forename and surname columns are used instead"
			}
		}
	}
}

func (im *Import) hasName() bool {
	for _, c := range im.Columns {
		switch c.Field {
		case FieldName, FieldForename, FieldSurname:
			return true
		}
	}
	return false
}

// headerless sets up the columns of a file without a header:
// name[, year of birth[, town or postcode]].
func (im *Import) headerless(rows [][]string, next []string) {
	width := len(next)
	for _, r := range rows {
		width = max(width, len(r))
	}
	im.Columns = nil
	for i := range width {
		c := Column{Index: i}
		switch i {
		case 0:
			c.Field = FieldName
		case 1:
			c.Field, c.Note = FieldYear, "a year of birth, or else a town or postcode"
		case 2:
			c.Field = FieldTown
		default:
			c.Note = "no header: only name, year of birth and town are read"
		}
		im.Columns = append(im.Columns, c)
	}
	im.Preamble = 0
}

func (im *Import) problem(list *[]Problem, row int, reason string) {
	if len(*list) < maxProblems {
		*list = append(*list, Problem{Row: row, Reason: reason})
	}
}

// add reads one data row.
func (im *Import) add(row int, rec []string) {
	if blank(rec) {
		return
	}
	im.Rows++
	var v [fieldCount]string
	for _, c := range im.Columns {
		if c.Field == FieldIgnored || c.Index >= len(rec) || rec[c.Index] == "" {
			continue
		}
		k := fieldIndex(c.Field)
		if v[k] == "" {
			v[k] = rec[c.Index]
		}
	}
	get := func(f Field) string { return v[fieldIndex(f)] }
	name := get(FieldName)
	if name != "" {
		name = tidyWholeName(name)
	} else {
		var parts []string
		for _, s := range []string{get(FieldForename), get(FieldMiddle)} {
			if s != "" {
				parts = append(parts, s)
			}
		}
		if k := get(FieldKnownAs); k != "" && len(parts) > 0 && !sameWords(k, get(FieldForename)) {
			// "Robert (Bob) Smith": a bracketed name before the surname
			// is one the person goes by.
			parts = append(parts, "("+strings.Trim(k, "()")+")")
		}
		if s := get(FieldSurname); s != "" {
			parts = append(parts, s)
		}
		name = strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
	}
	if name == "" || !hasLetter(name) {
		im.problem(&im.Skipped, row, "no name")
		return
	}
	p := Person{Name: name, Maiden: get(FieldMaiden)}
	if s := get(FieldSurname); s != "" && get(FieldName) == "" {
		p.Surname = strings.Join(strings.Fields(s), " ")
	} else if i := strings.IndexByte(name, ','); i > 0 {
		// "GARCÍA LÓPEZ, María": the surname comes first.
		p.Surname = strings.TrimSpace(name[:i])
	}
	if y := get(FieldYear); y != "" {
		if yr, ok := ParseYear(y); ok {
			p.BirthYear = yr
		} else if !im.HasHeader {
			// Without a header the second column may be the place.
			v[fieldIndex(FieldTown)] = firstNonEmpty(get(FieldTown), y)
		} else {
			im.problem(&im.Partial, row, "the year of birth is not a year")
		}
	}
	if d := get(FieldBirth); d != "" && p.BirthYear == 0 {
		if yr, ok := ParseYear(d); ok {
			p.BirthYear = yr
		} else {
			im.problem(&im.Partial, row, "the date of birth is not a date")
		}
	}
	var place []string
	if t := get(FieldTown); t != "" {
		place = append(place, cutPostcodes(t))
	}
	for _, f := range []Field{FieldPostcode, FieldAddress} {
		if s := get(f); s != "" {
			switch d := postcodeDistrict(s); {
			case d != "":
				place = append(place, d)
			case f == FieldPostcode && strings.IndexFunc(s, unicode.IsDigit) < 0:
				// A town typed where the postcode goes.
				place = append(place, s)
			case f == FieldPostcode:
				im.problem(&im.Partial, row, "the postcode is not a UK postcode")
			}
		}
	}
	p.Place = strings.Join(strings.Fields(strings.Join(place, " ")), " ")
	im.People = append(im.People, p)
}

const fieldCount = 13

func fieldIndex(f Field) int {
	switch f {
	case FieldName:
		return 0
	case FieldTitle:
		return 1
	case FieldForename:
		return 2
	case FieldMiddle:
		return 3
	case FieldSurname:
		return 4
	case FieldKnownAs:
		return 5
	case FieldMaiden:
		return 6
	case FieldBirth:
		return 7
	case FieldYear:
		return 8
	case FieldTown:
		return 9
	case FieldPostcode:
		return 10
	case FieldAddress:
		return 11
	}
	return 12
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func sameWords(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

// titles are the honorifics clinical systems put in a whole-name column
// ("SMITH, John (Mr)"); they are not part of the name.
var titles = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "mx": true, "dr": true, "master": true,
	"prof": true, "rev": true, "revd": true, "sir": true, "dame": true, "lady": true, "lord": true,
}

// tidyWholeName drops a bracketed or leading title from a whole-name
// cell: "SMITH, John (Mr)" -> "SMITH, John", "Mrs Jane Doe" -> "Jane Doe".
func tidyWholeName(s string) string {
	var out []string
	for _, w := range strings.Fields(s) {
		bare := strings.ToLower(strings.Trim(w, "().,"))
		if titles[bare] && (strings.HasPrefix(w, "(") || len(out) == 0 || strings.HasSuffix(out[len(out)-1], ",")) {
			continue
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return strings.Join(strings.Fields(s), " ")
	}
	return strings.Join(out, " ")
}

// postcodeDistrict finds a UK postcode in s and returns its outward part
// (the district): "HG1 2AB" -> "HG1", "hg12ab" -> "HG1", "SW1A" -> "SW1A".
func postcodeDistrict(s string) string {
	ws := strings.Fields(strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ',' || r == ';' {
			return ' '
		}
		return r
	}, s)))
	for i, w := range ws {
		if isOutwardCode(w) && (i+1 < len(ws) && isInwardCode(ws[i+1]) || len(ws) == 1 || i == len(ws)-1) {
			return w
		}
		if len(w) >= 5 && len(w) <= 7 && isInwardCode(w[len(w)-3:]) && isOutwardCode(w[:len(w)-3]) {
			return w[:len(w)-3]
		}
	}
	return ""
}

// cutPostcodes replaces a full postcode inside a town cell by its
// district: "Harrogate HG1 2AB" -> "Harrogate HG1".
func cutPostcodes(s string) string {
	ws := strings.Fields(s)
	var out []string
	for i := 0; i < len(ws); i++ {
		u := strings.ToUpper(strings.Trim(ws[i], ","))
		if isOutwardCode(u) && i+1 < len(ws) && isInwardCode(strings.ToUpper(strings.Trim(ws[i+1], ","))) {
			out = append(out, u)
			i++
			continue
		}
		if len(u) >= 5 && len(u) <= 7 && isInwardCode(u[len(u)-3:]) && isOutwardCode(u[:len(u)-3]) {
			out = append(out, u[:len(u)-3])
			continue
		}
		out = append(out, ws[i])
	}
	return strings.Join(out, " ")
}

func isUpperASCII(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigitASCII(c byte) bool { return c >= '0' && c <= '9' }

// isOutwardCode matches a postcode district: A9, A99, AA9, AA99, A9A, AA9A.
func isOutwardCode(s string) bool {
	i := 0
	for i < len(s) && i < 2 && isUpperASCII(s[i]) {
		i++
	}
	if i == 0 || i >= len(s) || !isDigitASCII(s[i]) {
		return false
	}
	i++
	if i < len(s) && (isDigitASCII(s[i]) || isUpperASCII(s[i])) {
		i++
	}
	return i == len(s)
}

// isInwardCode matches the second half of a postcode: 9AA.
func isInwardCode(s string) bool {
	return len(s) == 3 && isDigitASCII(s[0]) && isUpperASCII(s[1]) && isUpperASCII(s[2])
}

// Preview writes how the file was understood, for the doctor to check
// before anything is stored: each column and what is kept of it, and the
// counts. It writes no name unless sample > 0, when the first sample
// people are shown as they would be stored (for the doctor's own screen).
func (im *Import) Preview(w io.Writer, sample int) error {
	bw := bufio.NewWriter(w)
	if im.HasHeader {
		fmt.Fprintf(bw, "Columns, as Chaperone understood the header")
		if im.Preamble > 0 {
			fmt.Fprintf(bw, " (after %d line(s) before it)", im.Preamble)
		}
		fmt.Fprintln(bw, ":")
	} else {
		fmt.Fprintln(bw, "No header row: the columns are read as name, year of birth, town or postcode:")
	}
	for _, c := range im.Columns {
		h := c.Header
		if h == "" {
			h = fmt.Sprintf("column %d", c.Index+1)
		} else {
			h = fmt.Sprintf("%q", h)
		}
		what := "not used"
		if c.Field != FieldIgnored {
			what = string(c.Field) + ": " + c.Field.Kept()
		}
		if c.Note != "" {
			what += " (" + c.Note + ")"
		}
		fmt.Fprintf(bw, "  %-28s %s\n", h, what)
	}
	fmt.Fprintf(bw, "%s from %s.\n", plural(len(im.People), "person", "people"), plural(im.Rows, "row", "rows"))
	for _, set := range []struct {
		what string
		ps   []Problem
	}{{"skipped", im.Skipped}, {"read in part", im.Partial}} {
		if len(set.ps) == 0 {
			continue
		}
		reasons := map[string][]int{}
		var order []string
		for _, p := range set.ps {
			if _, ok := reasons[p.Reason]; !ok {
				order = append(order, p.Reason)
			}
			reasons[p.Reason] = append(reasons[p.Reason], p.Row)
		}
		for _, r := range order {
			rows := reasons[r]
			fmt.Fprintf(bw, "%s %s (%s): %s\n", plural(len(rows), "row", "rows"), set.what, r, rowList(rows))
		}
	}
	if sample > 0 {
		fmt.Fprintln(bw, "First people as they would be stored:")
		for _, p := range im.People[:min(sample, len(im.People))] {
			fmt.Fprintf(bw, "  %s\n", describe(p))
		}
	}
	return bw.Flush()
}

func describe(p Person) string {
	s := p.Name
	if p.Maiden != "" {
		s += ", previously " + p.Maiden
	}
	if p.BirthYear > 0 {
		s += fmt.Sprintf(", born %d", p.BirthYear)
	}
	if p.Place != "" {
		s += ", " + p.Place
	}
	return s
}

func rowList(rows []int) string {
	var b strings.Builder
	for i, r := range rows {
		if i == 10 {
			fmt.Fprintf(&b, " and %d more", len(rows)-10)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%d", r)
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
