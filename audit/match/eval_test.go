package match

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"chaperone/audit"
	"chaperone/audit/match/internal/gen"
	"chaperone/audit/watchlist"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seeds fix the generated test set; changing one changes the files.
var seeds = map[string]uint64{"tune": 20260401, "heldout": 20260402, "origins": 20260403}

const evalPeople = 250

// TestTestsetUpToDate checks that testdata/eval is what the generator
// makes; run with -update (or go generate) to rebuild it.
func TestTestsetUpToDate(t *testing.T) {
	for _, split := range gen.Splits {
		set, err := gen.Generate(split, seeds[split], evalPeople)
		if err != nil {
			t.Fatal(err)
		}
		dir := filepath.Join("testdata", "eval", split)
		files := map[string][]byte{
			"watchlist.csv":     set.WatchlistCSV(),
			"connections.jsonl": set.ConnectionsJSONL(),
		}
		for name, want := range files {
			path := filepath.Join(dir, name)
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestTestsetUpToDate -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is out of date: run go test -run TestTestsetUpToDate -update", path)
			}
		}
	}
}

type evalConn struct {
	gen.Conn
}

// evalResult is precision and recall over one split at one threshold.
type evalResult struct {
	split               string
	people, conns       int
	tp, fp, fn          int
	precision, recall   float64
	missed, falseAlarms map[string]int // counts by variant, no names
}

func evaluate(t testing.TB, split string, threshold float64) evalResult {
	dir := filepath.Join("testdata", "eval", split)
	wf, err := os.Open(filepath.Join(dir, "watchlist.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer wf.Close()
	people, err := watchlist.ParseCSV(wf)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "connections.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var cs []evalConn
	var conns []audit.Connection
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var c evalConn
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		cs = append(cs, c)
		conns = append(conns, audit.Connection{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: c.Name, Handle: c.Handle, Location: c.Location, Mutual: -1})
	}
	m, err := New(people, Options{Threshold: threshold})
	if err != nil {
		t.Fatal(err)
	}
	cands, err := m.MatchAll(context.Background(), conns)
	if err != nil {
		t.Fatal(err)
	}
	found := map[int]map[int]bool{}
	for _, c := range cands {
		if found[c.Conn] == nil {
			found[c.Conn] = map[int]bool{}
		}
		found[c.Conn][c.Index+1] = true
	}
	res := evalResult{split: split, people: len(people), conns: len(conns), missed: map[string]int{}, falseAlarms: map[string]int{}}
	for i, c := range cs {
		flagged := len(found[i]) > 0
		switch {
		case c.Want > 0 && found[i][c.Want]:
			res.tp++
		case c.Want > 0:
			res.fn++
			res.missed[c.Variant]++
			if flagged {
				res.fp++
				res.falseAlarms["wrong person for "+c.Variant]++
			}
		case flagged:
			res.fp++
			res.falseAlarms[c.Variant]++
		}
	}
	res.precision = float64(res.tp) / float64(max(1, res.tp+res.fp))
	res.recall = float64(res.tp) / float64(max(1, res.tp+res.fn))
	return res
}

func counts(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%d", k, m[k])
	}
	return b.String()
}

// TestEval prints precision and recall at the default threshold on every
// split and holds each to the targets (recall >= 0.97, precision >= 0.90).
// `make eval` runs it.
func TestEval(t *testing.T) {
	for _, split := range gen.Splits {
		r := evaluate(t, split, DefaultThreshold)
		fmt.Printf("eval %-8s threshold %.2f: %d watch-list people, %d connections: precision %.3f recall %.3f (TP %d, FP %d, FN %d)\n",
			split, DefaultThreshold, r.people, r.conns, r.precision, r.recall, r.tp, r.fp, r.fn)
		if len(r.missed) > 0 {
			fmt.Printf("  missed by variant:%s\n", counts(r.missed))
		}
		if len(r.falseAlarms) > 0 {
			fmt.Printf("  false alarms by kind:%s\n", counts(r.falseAlarms))
		}
		if r.recall < 0.97 || r.precision < 0.90 {
			t.Errorf("%s: precision %.3f recall %.3f, want >= 0.90 and >= 0.97", split, r.precision, r.recall)
		}
	}
}
