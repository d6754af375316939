package scan

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// jsonlIn is one input line of `chaperone scan`; other fields are ignored.
type jsonlIn struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// jsonlOut is one output line: the post's ID, its flags (an empty list
// when clean), and the verdict and classifier score of every category.
type jsonlOut struct {
	ID         string           `json:"id"`
	Flags      []Flag           `json:"flags"`
	Categories []CategoryResult `json:"categories"`
}

// ScanJSONL reads JSON Lines ({"id": "...", "text": "..."}) from r and
// writes one JSON line per input to w: {"id": "...", "flags": [...]}.
// Blank lines are skipped; a line that is not a JSON object stops the scan
// with an error naming its line number.
func ScanJSONL(ctx context.Context, r io.Reader, w io.Writer) error {
	sc, err := Default()
	if err != nil {
		return err
	}
	return sc.ScanJSONL(ctx, r, w)
}

// ScanJSONL is ScanJSONL with this scanner.
func (s *Scanner) ScanJSONL(ctx context.Context, r io.Reader, w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err := s.eachLine(ctx, r, func(in jsonlIn) error {
		a := s.Analyze(in.Text)
		if a.Flags == nil {
			a.Flags = []Flag{}
		}
		return enc.Encode(jsonlOut{ID: in.ID, Flags: a.Flags, Categories: a.Categories[:]})
	})
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing results: %w", ferr)
	}
	return err
}

// ScanJSONLText reads the same input as ScanJSONL and writes a readable
// report: one line per flag with the rule, severity, span and the
// explanation, and the flagged text with identifiers masked.
func ScanJSONLText(ctx context.Context, r io.Reader, w io.Writer) error {
	s, err := Default()
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	posts, flagged := 0, 0
	err = s.eachLine(ctx, r, func(in jsonlIn) error {
		posts++
		flags := s.Text(in.Text)
		if len(flags) == 0 {
			return nil
		}
		flagged++
		for _, f := range flags {
			sev := string(f.Severity)
			if f.Check {
				sev = "check"
			}
			fmt.Fprintf(bw, "%s\t%s\t%s\t%s\t%d-%d\t%s\n", in.ID, f.Category, f.Rule, sev, f.Start, f.End, f.Why)
			fmt.Fprintf(bw, "\t%s\n", Snippet(in.Text, flags, f, 120))
		}
		return nil
	})
	if err == nil {
		fmt.Fprintf(bw, "%d posts scanned, %d flagged\n", posts, flagged)
	}
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = fmt.Errorf("writing results: %w", ferr)
	}
	return err
}

func (s *Scanner) eachLine(ctx context.Context, r io.Reader, fn func(jsonlIn) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var in jsonlIn
			if jerr := json.Unmarshal(b, &in); jerr != nil {
				return fmt.Errorf("line %d: %w", line, jerr)
			}
			if !strings.HasPrefix(string(bytes.TrimSpace(b)), "{") {
				return fmt.Errorf("line %d: not a JSON object", line)
			}
			if ferr := fn(in); ferr != nil {
				return fmt.Errorf("writing results: %w", ferr)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading line %d: %w", line, err)
		}
	}
}
