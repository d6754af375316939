package match

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"chaperone/audit"
	"chaperone/audit/watchlist"
)

func TestZZDebug(t *testing.T) {
	for _, split := range []string{"tune", "heldout"} {
		wf, _ := os.Open("testdata/eval/" + split + "/watchlist.csv")
		people, _ := watchlist.ParseCSV(wf)
		data, _ := os.ReadFile("testdata/eval/" + split + "/connections.jsonl")
		m, _ := New(people, Options{})
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			var c evalConn
			json.Unmarshal(sc.Bytes(), &c)
			cands := m.Match(audit.Connection{Name: c.Name, Handle: c.Handle, Location: c.Location})
			ok := false
			for _, x := range cands {
				if x.Index+1 == c.Want {
					ok = true
				}
			}
			if c.Want > 0 && !ok {
				fmt.Printf("MISS %-12s %q %q %q -> %q\n", c.Variant, c.Name, c.Handle, c.Location, people[c.Want-1].Name)
			}
			if c.Want == 0 && len(cands) > 0 {
				fmt.Printf("FP %-22s %q %q -> %q %.2f %v\n", c.Variant, c.Name, c.Handle, cands[0].Person.Name, cands[0].Score, cands[0].Reasons)
			}
		}
	}
}
