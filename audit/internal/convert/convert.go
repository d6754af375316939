// Command convert moves guideline clauses out of the checks and into the
// guidelines: a check names no guideline, a guideline's controls name the
// checks that evidence them.
//
// Checks written the old way carry a "clauses" list of control IDs (in
// assets/checks/*.json, and per category in assets/lexicons/rules.json).
// convert adds each check to the controls it cites, in whichever shipped
// guideline defines them, and deletes the "clauses" key, leaving the rest
// of each file byte for byte as it was. It is idempotent: run it after
// merging checks written the old way.
//
//	go run ./audit/internal/convert            # from the repository root
//	go run ./audit/internal/convert -check     # only report; exit 1 if anything is left to move
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"chaperone/audit"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	check := flag.Bool("check", false, "change nothing; exit 1 if any clause is left to move")
	flag.Parse()
	rep, err := Convert(*root, !*check)
	if err != nil {
		fmt.Fprintln(os.Stderr, "convert:", err)
		os.Exit(1)
	}
	rep.print(os.Stdout)
	if *check && rep.Moved > 0 {
		os.Exit(1)
	}
}

// Report is what a conversion did (or, without write, would do).
type Report struct {
	// Moved counts the check-to-control mappings found in the checks.
	Moved int
	// Added counts those that were not yet in the guideline.
	Added int
	// Files are the files changed.
	Files []string
}

func (r Report) print(w io.Writer) {
	if r.Moved == 0 {
		fmt.Fprintln(w, "Nothing to move: no check names a guideline clause.")
		return
	}
	fmt.Fprintf(w, "Moved %d check-to-clause mappings (%d new to the guidelines); files: %s\n", r.Moved, r.Added, strings.Join(r.Files, ", "))
}

// mapping is one check's clauses as a checks file gives them, and where
// in the file they are written.
type mapping struct {
	file    string
	checkID string
	clauses []string
	spans   [][2]int // byte offsets of each "clauses" member, key to value
}

// Convert moves every clause found under root into the guidelines; with
// write false it changes nothing and only reports.
func Convert(root string, write bool) (Report, error) {
	var rep Report
	var maps []mapping
	checkFiles, err := filepath.Glob(filepath.Join(root, "assets", "checks", "*.json"))
	if err != nil {
		return rep, err
	}
	sort.Strings(checkFiles)
	sources := map[string][]byte{}
	for _, f := range checkFiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return rep, err
		}
		sources[f] = data
		ms, err := findClauses(data, func(path []string) bool { return len(path) == 2 && path[0] == "checks" })
		if err != nil {
			return rep, fmt.Errorf("%s: %w", f, err)
		}
		for _, m := range ms {
			if m.checkID == "" {
				return rep, fmt.Errorf("%s: a check with clauses has no id", f)
			}
			m.file = f
			maps = append(maps, m)
		}
	}
	rules := filepath.Join(root, "assets", "lexicons", "rules.json")
	if data, err := os.ReadFile(rules); err == nil {
		sources[rules] = data
		ms, err := findClauses(data, func(path []string) bool { return len(path) == 2 && path[0] == "categories" })
		if err != nil {
			return rep, fmt.Errorf("%s: %w", rules, err)
		}
		for _, m := range ms {
			m.file = rules
			m.checkID = "posts." + m.checkID // scan.CheckID: the scanner's check of that category
			maps = append(maps, m)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return rep, err
	}

	gdir := filepath.Join(root, "assets", "guidelines")
	gfiles, err := filepath.Glob(filepath.Join(gdir, "*.json"))
	if err != nil {
		return rep, err
	}
	sort.Strings(gfiles)
	type gfile struct {
		path    string
		g       *audit.Guideline
		changed bool
	}
	var gs []*gfile
	owner := map[string]*gfile{} // control ID -> its guideline
	for _, f := range gfiles {
		data, err := os.ReadFile(f)
		if err != nil {
			return rep, err
		}
		var g audit.Guideline
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&g); err != nil {
			return rep, fmt.Errorf("%s: %w", f, err)
		}
		gf := &gfile{path: f, g: &g}
		gs = append(gs, gf)
		for _, c := range g.Controls {
			owner[c.ID] = gf
		}
	}

	for _, m := range maps {
		for _, cl := range m.clauses {
			rep.Moved++
			gf := owner[cl]
			if gf == nil {
				return rep, fmt.Errorf("%s: check %s cites %s, which no guideline in %s defines", m.file, m.checkID, cl, gdir)
			}
			for i := range gf.g.Controls {
				c := &gf.g.Controls[i]
				if c.ID == cl && !slices.Contains(c.Checks, m.checkID) {
					c.Checks = append(c.Checks, m.checkID)
					gf.changed = true
					rep.Added++
				}
			}
		}
	}
	if rep.Moved == 0 {
		return rep, nil
	}

	// Every guideline written must still be valid, and every source file
	// must still be JSON, before anything is written.
	out := map[string][]byte{}
	for _, gf := range gs {
		if !gf.changed {
			continue
		}
		data, err := encodeGuideline(gf.g)
		if err != nil {
			return rep, err
		}
		if _, err := audit.ParseGuideline(data); err != nil {
			return rep, fmt.Errorf("%s after conversion: %w", gf.path, err)
		}
		out[gf.path] = data
	}
	byFile := map[string][][2]int{}
	for _, m := range maps {
		byFile[m.file] = append(byFile[m.file], m.spans...)
	}
	for f, spans := range byFile {
		data := removeSpans(sources[f], spans)
		if !json.Valid(data) {
			return rep, fmt.Errorf("%s: removing the clauses would break the JSON", f)
		}
		out[f] = data
	}
	for f := range out {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			rel = f
		}
		rep.Files = append(rep.Files, rel)
	}
	sort.Strings(rep.Files)
	if !write {
		return rep, nil
	}
	for _, f := range rep.Files {
		p := filepath.Join(root, f)
		if err := os.WriteFile(p, out[p], 0o644); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// encodeGuideline writes g as the shipped files are written: two-space
// indent, no HTML escaping, a final newline.
func encodeGuideline(g *audit.Guideline) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		return nil, fmt.Errorf("encoding guideline %s: %w", g.ID, err)
	}
	return buf.Bytes(), nil
}

// findClauses walks a JSON document and returns the "clauses" of every
// object at a path match accepts (the path is the keys and indexes from
// the root), with the object's "id" (or, for objects in an object, its
// key) and the byte span of the "clauses" member.
func findClauses(data []byte, match func(path []string) bool) ([]mapping, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	w := &walker{data: data, dec: dec, match: match}
	if err := w.value(nil); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the document")
	}
	return w.found, nil
}

type walker struct {
	data  []byte
	dec   *json.Decoder
	match func([]string) bool
	found []mapping
}

func (w *walker) value(path []string) error {
	tok, err := w.dec.Token()
	if err != nil {
		return err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return nil
	}
	switch d {
	case '[':
		for i := 0; w.dec.More(); i++ {
			if err := w.value(append(slices.Clone(path), fmt.Sprint(i))); err != nil {
				return err
			}
		}
	case '{':
		var m mapping
		if len(path) > 0 {
			m.checkID = path[len(path)-1]
		}
		here := w.match(path)
		for w.dec.More() {
			kt, err := w.dec.Token()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			keyEnd := int(w.dec.InputOffset())
			switch {
			case here && key == "clauses":
				var cl []string
				if err := w.dec.Decode(&cl); err != nil {
					return fmt.Errorf("clauses of %s: %w", m.checkID, err)
				}
				start := bytes.LastIndex(w.data[:keyEnd], []byte(`"clauses"`))
				m.clauses = append(m.clauses, cl...)
				m.spans = append(m.spans, [2]int{start, int(w.dec.InputOffset())})
			case here && key == "id" && len(path) > 0 && isIndex(path[len(path)-1]):
				// A check in a list is named by its id; one in an object by
				// its key.
				var id string
				if err := w.dec.Decode(&id); err != nil {
					return fmt.Errorf("id: %w", err)
				}
				m.checkID = id
			default:
				if err := w.value(append(slices.Clone(path), key)); err != nil {
					return err
				}
			}
		}
		if here && len(m.spans) > 0 {
			w.found = append(w.found, m)
		}
	}
	_, err = w.dec.Token() // the closing delimiter
	return err
}

func isIndex(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeSpans deletes each object member at spans (key to end of value)
// with its comma, and with its line when it had a line to itself.
func removeSpans(data []byte, spans [][2]int) []byte {
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] > spans[j][0] })
	out := slices.Clone(data)
	for _, sp := range spans {
		start, end := sp[0], sp[1]
		next := end
		for next < len(out) && isSpace(out[next]) {
			next++
		}
		if next < len(out) && out[next] == ',' {
			// A member follows: take this one and its comma.
			end = next + 1
			lineStart := start
			for lineStart > 0 && (out[lineStart-1] == ' ' || out[lineStart-1] == '\t') {
				lineStart--
			}
			if lineStart == 0 || out[lineStart-1] == '\n' {
				// On a line of its own: take the line, up to the next member.
				start = lineStart
				for end < len(out) && (out[end] == ' ' || out[end] == '\t') {
					end++
				}
				if end < len(out) && out[end] == '\n' {
					end++
				}
			} else {
				for end < len(out) && (out[end] == ' ' || out[end] == '\t') {
					end++
				}
			}
		} else {
			// The last member: take the comma before it instead.
			prev := start - 1
			for prev >= 0 && isSpace(out[prev]) {
				prev--
			}
			if prev >= 0 && out[prev] == ',' {
				start = prev
			}
		}
		out = append(out[:start], out[end:]...)
	}
	return out
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }
