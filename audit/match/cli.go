package match

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

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
	cands, err := m.MatchAll(ctx, conns)
	if err != nil {
		return err
	}
	// Best first; ties keep file order.
	sortCandidates(cands)
	if format == "json" {
		type jc struct {
			Connection audit.Connection `json:"connection"`
			Person     watchlist.Person `json:"person"`
			Score      float64          `json:"score"`
			Reasons    []string         `json:"reasons"`
		}
		out := struct {
			Threshold   float64 `json:"threshold"`
			Watchlist   int     `json:"watchlist"`
			Connections int     `json:"connections"`
			Candidates  []jc    `json:"candidates"`
		}{m.Threshold(), len(people), len(conns), []jc{}}
		for _, c := range cands {
			out.Candidates = append(out.Candidates, jc{conns[c.Conn], c.Person, round2(c.Score), c.Reasons})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "SCORE\tCONNECTION\tWATCH-LIST\tREASONS\n")
	for _, c := range cands {
		conn := conns[c.Conn]
		who := conn.Name
		if conn.Handle != "" {
			who = strings.TrimSpace(who + " @" + strings.TrimPrefix(conn.Handle, "@"))
		}
		fmt.Fprintf(tw, "%.2f\t%s\t%s\t%s\n", c.Score, oneLine(who), oneLine(c.Person.Name), strings.Join(c.Reasons, "; "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%d candidate(s) among %d connection(s) against %d watch-list entr%s (threshold %.2f)\n",
		len(cands), len(conns), len(people), map[bool]string{true: "y", false: "ies"}[len(people) == 1], m.Threshold())
	return err
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func sortCandidates(cs []Candidate) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Score > cs[j].Score })
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
