package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// maxDocument bounds what the decoders read: a snapshot with thousands of
// posts is a few MB, so anything far larger is not one of ours.
const maxDocument = 256 << 20

// decodeVersioned reads one JSON document into v after checking its
// "schema" is one this version understands.
func decodeVersioned(r io.Reader, kind string, v any) error {
	data, err := io.ReadAll(io.LimitReader(r, maxDocument+1))
	if err != nil {
		return fmt.Errorf("reading %s: %w", kind, err)
	}
	if len(data) > maxDocument {
		return fmt.Errorf("reading %s: larger than %d bytes", kind, maxDocument)
	}
	var probe struct {
		Schema *int `json:"schema"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return fmt.Errorf("decoding %s: %w", kind, err)
	}
	if err := checkSchema(kind, probe.Schema); err != nil {
		return err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decoding %s: %w", kind, err)
	}
	return nil
}

func checkSchema(kind string, schema *int) error {
	switch {
	case schema == nil:
		return fmt.Errorf("decoding %s: no \"schema\" field; not a Chaperone %s", kind, kind)
	case *schema != Schema:
		return fmt.Errorf("decoding %s: unsupported schema %d (this version of Chaperone reads schema %d)", kind, *schema, Schema)
	}
	return nil
}

// DecodeSnapshot reads a snapshot written by EncodeSnapshot, rejecting a
// schema this version does not know.
func DecodeSnapshot(r io.Reader) (*Snapshot, error) {
	var s Snapshot
	if err := decodeVersioned(r, "snapshot", &s); err != nil {
		return nil, err
	}
	if err := s.normalise(); err != nil {
		return nil, fmt.Errorf("decoding snapshot: %w", err)
	}
	return &s, nil
}

// normalise makes a decoded snapshot consistent: facts keyed by their own
// ID, and a non-nil fact map.
func (s *Snapshot) normalise() error {
	if s.Facts == nil {
		s.Facts = map[string]Fact{}
	}
	for k, f := range s.Facts {
		switch {
		case f.ID == "":
			f.ID = k
			s.Facts[k] = f
		case f.ID != k:
			return fmt.Errorf("fact stored under %q has id %q", k, f.ID)
		}
	}
	for _, c := range s.Coverage {
		if strings.TrimSpace(string(c.Platform)) == "" {
			return fmt.Errorf("coverage without a platform")
		}
	}
	return nil
}

// DecodeResult reads a result written by EncodeResult, rejecting a schema
// this version does not know (in the result or its snapshot).
func DecodeResult(r io.Reader) (*Result, error) {
	var res Result
	if err := decodeVersioned(r, "result", &res); err != nil {
		return nil, err
	}
	if res.Snapshot != nil {
		sch := res.Snapshot.Schema
		if err := checkSchema("snapshot in result", &sch); err != nil {
			return nil, err
		}
		if err := res.Snapshot.normalise(); err != nil {
			return nil, fmt.Errorf("decoding result: %w", err)
		}
	}
	if res.Findings == nil {
		res.Findings = []Finding{}
	}
	return &res, nil
}

// EncodeSnapshot writes s as indented JSON with the current schema.
func EncodeSnapshot(w io.Writer, s *Snapshot) error {
	if s == nil {
		return fmt.Errorf("encoding snapshot: nil")
	}
	c := *s
	c.Schema = Schema
	return encode(w, "snapshot", &c)
}

// EncodeResult writes r as indented JSON with the current schema.
func EncodeResult(w io.Writer, r *Result) error {
	if r == nil {
		return fmt.Errorf("encoding result: nil")
	}
	c := *r
	c.Schema = Schema
	if c.Snapshot != nil {
		snap := *c.Snapshot
		snap.Schema = Schema
		c.Snapshot = &snap
	}
	return encode(w, "result", &c)
}

func encode(w io.Writer, kind string, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encoding %s: %w", kind, err)
	}
	return nil
}
