package match

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"chaperone/audit"
	"chaperone/audit/watchlist"
)

func TestZZDump(t *testing.T) {
	out := os.Getenv("DUMP_OUT")
	if out == "" {
		t.Skip()
	}
	var b bytes.Buffer
	for _, split := range []string{"tune", "heldout"} {
		dir := filepath.Join("testdata", "eval", split)
		wf, _ := os.Open(filepath.Join(dir, "watchlist.csv"))
		people, err := watchlist.ParseCSV(wf)
		wf.Close()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := os.ReadFile(filepath.Join(dir, "connections.jsonl"))
		var conns []audit.Connection
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			var c struct{ Name, Handle, Location string }
			json.Unmarshal(sc.Bytes(), &c)
			conns = append(conns, audit.Connection{Platform: audit.Facebook, Kind: audit.ConnFriend, Name: c.Name, Handle: c.Handle, Location: c.Location, Mutual: -1})
		}
		for _, th := range []float64{0.3, DefaultThreshold} {
			m, _ := New(people, Options{Threshold: th})
			cands, _ := m.MatchAll(context.Background(), conns)
			for _, c := range cands {
				fmt.Fprintf(&b, "%s %.2f %d %d %.6f %q\n", split, th, c.Conn, c.Index, c.Score, c.Reasons)
			}
		}
	}
	people, conns := largeSet(nil)
	m, _ := New(people, Options{})
	cands, _ := m.MatchAll(context.Background(), conns)
	for _, c := range cands {
		fmt.Fprintf(&b, "large %d %d %.6f %q\n", c.Conn, c.Index, c.Score, c.Reasons)
	}
	os.WriteFile(out, b.Bytes(), 0o644)
}
