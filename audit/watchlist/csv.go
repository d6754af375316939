// Package watchlist keeps the doctor's list of current and former patients
// to look for among their connections, and their review decisions. Both are
// patient data: they exist in memory, or on disk sealed with a key held in
// the OS keyring, never in plain text, logs or reports.
package watchlist

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Person is one entry of the watch-list. Only Name is required.
type Person struct {
	// ID is stable for the same person across imports (see Store); empty
	// for a list that was only parsed.
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	// Surname is the surname as the list gave it apart from the rest of
	// the name ("García López" of "María García López"), when it did.
	Surname string `json:"surname,omitempty"`
	// Maiden is another surname the person has been known by.
	Maiden    string `json:"maiden,omitempty"`
	BirthYear int    `json:"birth_year,omitempty"`
	// Place is a town or a postcode.
	Place string `json:"place,omitempty"`
}

// MaxRows bounds an import, so a wrong file (a whole database dump) fails
// clearly instead of filling memory.
const MaxRows = 200000

// ErrNoNames means the file held no usable rows.
var ErrNoNames = errors.New("no names found: the file needs a name column (or first name and surname columns)")

// ParseCSV reads a watch-list (see ReadImport for the formats) and
// returns its people. Unlike the preview, it takes no partial rows: a
// year of birth that is not a year is an error naming the row.
func ParseCSV(r io.Reader) ([]Person, error) {
	im, err := ReadImport(r)
	if err != nil {
		return nil, err
	}
	if len(im.Partial) > 0 {
		p := im.Partial[0]
		return nil, fmt.Errorf("watch-list row %d: %s", p.Row, p.Reason)
	}
	return im.People, nil
}

// errWithoutText keeps csv's position but not the offending text.
func errWithoutText(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("column %d: %w", pe.Column, pe.Err)
	}
	return err
}

// sniffComma picks the separator from the first lines: the one that
// splits some line into the most cells (a report title above the header
// has none), commas on a tie.
func sniffComma(head []byte) rune {
	lines := bytes.SplitN(head, []byte{'\n'}, preambleRows+2)
	if len(lines) > preambleRows+1 {
		lines = lines[:preambleRows+1]
	}
	best, n := ',', 0
	for _, c := range []rune{',', ';', '\t'} {
		for _, l := range lines {
			if k := countUnquoted(l, byte(c)); k > n {
				best, n = c, k
			}
		}
	}
	return best
}

// countUnquoted counts c in a line outside double quotes.
func countUnquoted(line []byte, c byte) int {
	n, quoted := 0, false
	for _, b := range line {
		switch {
		case b == '"':
			quoted = !quoted
		case b == c && !quoted:
			n++
		}
	}
	return n
}

var (
	yearRe = regexp.MustCompile(`(^|[^0-9])((19|20)[0-9]{2})([^0-9]|$)`)
	// A date ending in a two-digit year: "12/03/84", "12-Mar-84", "3.4.07".
	shortDateRe = regexp.MustCompile(`^[0-9]{1,2}[/.\- ]+([0-9]{1,2}|[A-Za-z]{3,9})[/.\- ]+([0-9]{2})$`)
)

// ParseYear reads a year of birth from "1984", "12/03/1984", "1984-03-12",
// "12-Mar-1984", "12/03/84" or a two-digit "84".
func ParseYear(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		return 0, false
	}
	if m := yearRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[2])
		return y, y <= time.Now().Year()
	}
	two := ""
	if m := shortDateRe.FindStringSubmatch(s); m != nil {
		two = m[2]
	} else if len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' {
		two = s
	}
	if two == "" {
		return 0, false
	}
	v, _ := strconv.Atoi(two)
	if 2000+v <= time.Now().Year() {
		// Ambiguous: a patient born in 2005 or 1905; the younger is likelier.
		return 2000 + v, true
	}
	return 1900 + v, true
}
