package match

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"chaperone/audit"
	"chaperone/audit/csvquote"
	"chaperone/audit/watchlist"
)

// MaxConnections bounds a connections file read by the command line.
const MaxConnections = 1000000

// RunCLI is `chaperone match`: it reads a watch-list CSV and a list of
// connections (CSV with a name column, or JSON Lines of {"name", "handle",
// "location"}; detected from the content) and prints the candidates with
// their scores and reasons, best first, as text or, with format "json",
// as one JSON document. Everything stays on this computer: the output is
// for the doctor's eyes.
//
// The output is written as it is made: only the candidates' positions and
// scores are held (for the order), each candidate's reasons are worked
// out as it is written, so memory does not grow with the output.
func RunCLI(ctx context.Context, watchlistCSV io.Reader, connections io.Reader, format string, w io.Writer) error {
	switch format {
	case "", "text", "json":
	default:
		return fmt.Errorf("unknown format %q (want text or json)", format)
	}
	people, err := watchlist.ParseCSV(watchlistCSV)
	if err != nil {
		return fmt.Errorf("reading the watch-list: %w", err)
	}
	conns, err := ReadConnections(connections)
	if err != nil {
		return fmt.Errorf("reading the connections: %w", err)
	}
	m, err := New(people, Options{})
	if err != nil {
		return err
	}
	hits, err := m.Hits(ctx, conns)
	if err != nil {
		return err
	}
	// Best first; ties keep file order.
	slices.SortStableFunc(hits, func(a, b Hit) int { return cmp.Compare(b.Score, a.Score) })
	looks, err := m.SameSurnameOnly(ctx, conns)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if format == "json" {
		err = writeJSON(ctx, bw, m, conns, hits, looks, len(people))
	} else {
		err = writeText(ctx, bw, m, conns, hits, looks, len(people))
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// jsonCandidate is one candidate of the JSON output.
type jsonCandidate struct {
	Connection audit.Connection `json:"connection"`
	Person     watchlist.Person `json:"person"`
	Score      float64          `json:"score"`
	Reasons    []string         `json:"reasons"`
}

// writeJSON writes {"threshold", "watchlist", "connections", "candidates":
// [...], "worth_a_look": [...]} one candidate per line.
func writeJSON(ctx context.Context, w *bufio.Writer, m *Matcher, conns []audit.Connection, hits []Hit, looks []Candidate, people int) error {
	fmt.Fprintf(w, "{\"threshold\": %s, \"watchlist\": %d, \"connections\": %d, \"candidates\": [",
		strconv.FormatFloat(m.Threshold(), 'f', -1, 64), people, len(conns))
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for i, h := range hits {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		c := m.Explain(conns[h.Conn], int(h.Index))
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n  ")
		// The encoder ends each value with a newline, which JSON allows.
		if err := enc.Encode(jsonCandidate{conns[h.Conn], c.Person, round2(c.Score), c.Reasons}); err != nil {
			return err
		}
	}
	w.WriteString("],\n\"worth_a_look\": [")
	for i, c := range looks {
		if i > 0 {
			w.WriteByte(',')
		}
		w.WriteString("\n  ")
		if err := enc.Encode(jsonCandidate{conns[c.Conn], c.Person, round2(c.Score), c.Reasons}); err != nil {
			return err
		}
	}
	_, err := w.WriteString("]}\n")
	return err
}

// Column widths of the text output: enough for most names, so that rows
// can be written one by one instead of measured all together first.
const (
	connWidth   = 36
	personWidth = 28
)

// writeText writes a table, one candidate per line, then a summary.
func writeText(ctx context.Context, w *bufio.Writer, m *Matcher, conns []audit.Connection, hits []Hit, looks []Candidate, people int) error {
	fmt.Fprintf(w, "%-5s  %-*s  %-*s  %s\n", "SCORE", connWidth, "CONNECTION", personWidth, "WATCH-LIST", "REASONS")
	for i, h := range hits {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		conn := conns[h.Conn]
		c := m.Explain(conn, int(h.Index))
		who := conn.Name
		if conn.Handle != "" {
			who = strings.TrimSpace(who + " @" + strings.TrimPrefix(conn.Handle, "@"))
		}
		fmt.Fprintf(w, "%.2f   %s  %s  %s\n", c.Score, pad(oneLine(who), connWidth), pad(oneLine(c.Person.Name), personWidth), strings.Join(c.Reasons, "; "))
	}
	entries := "entries"
	if people == 1 {
		entries = "entry"
	}
	fmt.Fprintf(w, "%d candidate(s) among %d connection(s) against %d watch-list %s (threshold %.2f)\n",
		len(hits), len(conns), people, entries, m.Threshold())
	if len(looks) == 0 {
		return nil
	}
	fmt.Fprintf(w, "\nWorth a look, not candidates: %d connection(s) share only a surname with someone on the watch-list\n", len(looks))
	for _, c := range looks {
		conn := conns[c.Conn]
		fmt.Fprintf(w, "       %s  %s  %s\n", pad(oneLine(conn.Name), connWidth), pad(oneLine(c.Person.Name), personWidth), strings.Join(c.Reasons, "; "))
	}
	return nil
}

// pad fills s with spaces to width runes; a longer s is written whole.
func pad(s string, width int) string {
	if n := utf8.RuneCountInString(s); n < width {
		return s + strings.Repeat(" ", width-n)
	}
	return s
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ReadConnections reads connections as JSON Lines (one object per line
// with name, handle, location, url, platform, kind) or as CSV with a
// header naming the columns (name, or first name and last name; handle or
// username; location or town; url). A preamble before the header, as in
// LinkedIn's Connections.csv, is skipped.
func ReadConnections(r io.Reader) ([]audit.Connection, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(512)
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(head) > 0 && head[0] == '{' {
		return readJSONL(br)
	}
	return readConnCSV(br)
}

func readJSONL(r *bufio.Reader) ([]audit.Connection, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	var out []audit.Connection
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(bytes.TrimPrefix(sc.Bytes(), []byte("\xef\xbb\xbf")))
		if len(b) == 0 {
			continue
		}
		c := audit.Connection{Mutual: -1}
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("line %d: not a JSON object", line)
		}
		if c.Name == "" && c.Handle == "" {
			continue
		}
		if c.Kind == "" {
			c.Kind = audit.ConnFriend
		}
		out = append(out, c)
		if len(out) > MaxConnections {
			return nil, fmt.Errorf("more than %d connections", MaxConnections)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("line %d: %w", line+1, err)
	}
	return out, nil
}

var connColumns = map[string]string{
	"name": "name", "full name": "name", "display name": "name", "friend": "name",
	"first name": "first", "firstname": "first", "given name": "first",
	"last name": "last", "lastname": "last", "surname": "last", "family name": "last",
	"handle": "handle", "username": "handle", "user name": "handle", "screen name": "handle",
	"location": "location", "town": "location", "city": "location", "lives in": "location",
	"url": "url", "profile": "url", "profile url": "url", "link": "url",
	"platform": "platform",
}

func readConnCSV(r io.Reader) ([]audit.Connection, error) {
	quotes := csvquote.New(r, ',', 0)
	cr := csv.NewReader(quotes)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var idx map[string]int
	var out []audit.Connection
	row := 0
	for {
		rec, err := cr.Read()
		if qerr := quotes.Err(); qerr != nil {
			return nil, qerr // an unclosed quote would swallow the rest of the file
		}
		if err == io.EOF {
			break
		}
		row++
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("row %d: %v", row, pe.Err)
			}
			return nil, fmt.Errorf("row %d: %w", row, err)
		}
		if idx == nil {
			idx = map[string]int{}
			for i, cell := range rec {
				key := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(cell, "_", " ")), " "))
				if col, ok := connColumns[key]; ok {
					if _, dup := idx[col]; !dup {
						idx[col] = i
					}
				}
			}
			_, hasName := idx["name"]
			_, hasFirst := idx["first"]
			_, hasHandle := idx["handle"]
			if !hasName && !hasFirst && !hasHandle {
				if row >= 20 {
					return nil, errors.New("no header with a name column in the first 20 rows")
				}
				idx = nil // a preamble line; keep looking for the header
			}
			continue
		}
		get := func(col string) string {
			if i, ok := idx[col]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		c := audit.Connection{
			Platform: audit.Platform(strings.ToLower(get("platform"))),
			Kind:     audit.ConnFriend,
			Name:     get("name"),
			Handle:   get("handle"),
			Location: get("location"),
			URL:      get("url"),
			Mutual:   -1,
		}
		if c.Name == "" {
			c.Name = strings.TrimSpace(get("first") + " " + get("last"))
		}
		if c.Name == "" && c.Handle == "" {
			continue
		}
		out = append(out, c)
		if len(out) > MaxConnections {
			return nil, fmt.Errorf("more than %d connections", MaxConnections)
		}
	}
	if idx == nil {
		return nil, errors.New("no header with a name column")
	}
	return out, nil
}
