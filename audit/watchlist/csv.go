// Package watchlist keeps the doctor's list of current and former patients
// to look for among their connections, and their review decisions. Both are
// patient data: they exist in memory, or on disk sealed with a key held in
// the OS keyring, never in plain text, logs or reports.
package watchlist

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"chaperone/audit/csvquote"
)

// Person is one entry of the watch-list. Only Name is required.
type Person struct {
	// ID is stable for the same person across imports (see Store); empty
	// for a list that was only parsed.
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	// Maiden is another surname the person has been known by.
	Maiden    string `json:"maiden,omitempty"`
	BirthYear int    `json:"birth_year,omitempty"`
	// Place is a town or a postcode.
	Place string `json:"place,omitempty"`
}

// MaxRows bounds an import, so a wrong file (a whole database dump) fails
// clearly instead of filling memory.
const MaxRows = 200000

// Column names a watch-list CSV may use, lower-cased; the first row is a
// header when any of its cells is one of these.
var columns = map[string]string{
	"name": "name", "full name": "name", "fullname": "name", "patient": "name",
	"patient name": "name", "display name": "name",
	"first name": "first", "firstname": "first", "forename": "first", "forenames": "first",
	"given name": "first", "given names": "first", "first": "first",
	"middle name": "middle", "middle names": "middle", "middle": "middle",
	"last name": "last", "lastname": "last", "surname": "last", "family name": "last", "last": "last",
	"maiden name": "maiden", "maiden": "maiden", "previous surname": "maiden",
	"former surname": "maiden", "birth surname": "maiden", "other surname": "maiden",
	"year of birth": "yob", "yob": "yob", "birth year": "yob", "born": "yob",
	"dob": "yob", "date of birth": "yob", "birth date": "yob",
	"town": "place", "city": "place", "place": "place", "postcode": "place",
	"post code": "place", "location": "place", "town/postcode": "place",
	"town or postcode": "place", "address": "place", "village": "place",
}

// ErrNoNames means the file held no usable rows.
var ErrNoNames = errors.New("no names found: the file needs a name column (or first name and surname columns)")

// ParseCSV reads a watch-list: either a header row naming the columns
// (name, or first name/surname; optional year of birth, town/postcode,
// maiden name) or, without a header, name[,year of birth[,town/postcode]].
// Comma, semicolon and tab separated files are accepted; rows without a
// name are skipped. Row numbers, not contents, are used in errors so that
// no patient name reaches a log.
func ParseCSV(r io.Reader) ([]Person, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	comma := sniffComma(head)
	quotes := csvquote.New(br, comma, '#')
	cr := csv.NewReader(quotes)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	cr.Comment = '#'

	var (
		idx    map[string]int
		out    []Person
		row    int
		header bool
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
		row++
		if err != nil {
			return nil, fmt.Errorf("watch-list row %d: %w", row, errWithoutText(err))
		}
		if row > MaxRows {
			return nil, fmt.Errorf("watch-list has more than %d rows", MaxRows)
		}
		for i := range rec {
			if !utf8.ValidString(rec[i]) {
				return nil, fmt.Errorf("watch-list row %d: not UTF-8 text (save the file as UTF-8 CSV)", row)
			}
			rec[i] = strings.TrimSpace(rec[i])
		}
		if row == 1 {
			if idx, header = headerIndex(rec); header {
				if idx["name"] < 0 && idx["first"] < 0 && idx["last"] < 0 {
					return nil, ErrNoNames
				}
				continue
			}
			idx = map[string]int{"name": 0, "first": -1, "middle": -1, "last": -1, "maiden": -1, "yob": 1, "place": 2}
		}
		p := Person{
			Name:   strings.Join(strings.Fields(strings.Join(nonEmpty(cell(rec, idx["name"]), cell(rec, idx["first"]), cell(rec, idx["middle"]), cell(rec, idx["last"])), " ")), " "),
			Maiden: cell(rec, idx["maiden"]),
			Place:  cell(rec, idx["place"]),
		}
		if p.Name == "" {
			continue
		}
		if y := cell(rec, idx["yob"]); y != "" {
			yr, ok := ParseYear(y)
			if !ok && !header {
				// Without a header the second column may be the place.
				if p.Place == "" {
					p.Place = y
				}
			} else if !ok {
				return nil, fmt.Errorf("watch-list row %d: the year of birth is not a year", row)
			}
			p.BirthYear = yr
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, ErrNoNames
	}
	return out, nil
}

// errWithoutText keeps csv's position but not the offending text.
func errWithoutText(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("column %d: %w", pe.Column, pe.Err)
	}
	return err
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return rec[i]
}

func headerIndex(rec []string) (map[string]int, bool) {
	idx := map[string]int{"name": -1, "first": -1, "middle": -1, "last": -1, "maiden": -1, "yob": -1, "place": -1}
	found := false
	for i, c := range rec {
		key := strings.Join(strings.Fields(strings.ToLower(strings.Trim(c, "\"' *"))), " ")
		key = strings.ReplaceAll(key, "_", " ")
		if col, ok := columns[key]; ok && idx[col] < 0 {
			idx[col] = i
			found = true
		}
	}
	return idx, found
}

func sniffComma(head []byte) rune {
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	best, n := ',', bytes.Count(line, []byte{','})
	for _, c := range []rune{';', '\t'} {
		if k := bytes.Count(line, []byte(string(c))); k > n {
			best, n = c, k
		}
	}
	return best
}

var yearRe = regexp.MustCompile(`(^|[^0-9])((19|20)[0-9]{2})([^0-9]|$)`)

// ParseYear reads a year of birth from "1984", "12/03/1984", "1984-03-12"
// or a two-digit "84".
func ParseYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if m := yearRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[2])
		return y, y <= time.Now().Year()
	}
	if len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' {
		v, _ := strconv.Atoi(s)
		if 2000+v <= time.Now().Year() {
			// Ambiguous: a patient born in 2005 or 1905; the younger is likelier.
			return 2000 + v, true
		}
		return 1900 + v, true
	}
	return 0, false
}
