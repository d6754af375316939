package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const guidelineJSON = `{
  "id": "g",
  "title": "Guidance",
  "short": "G",
  "publisher": "P",
  "version": "1",
  "about": "A",
  "sources": [{"file": "g.txt", "title": "T"}],
  "controls": [
    {"id": "G-1", "section": "S", "text": "One", "checks": ["net.a"], "weight": 2},
    {"id": "G-2", "section": "S", "text": "Two", "checks": [], "weight": 1, "by_hand": "Do it."}
  ]
}
`

// A checks file written the old way, in two layouts: one member a line,
// and a list spread over lines; clauses first, in the middle and last.
const checksJSON = `{
  "platform": "net",
  "checks": [
    {
      "id": "net.a",
      "title": "A",
      "clauses": [
        "G-1",
        "G-2"
      ],
      "pass": ["on"]
    },
    {"id": "net.b", "clauses": ["G-2"], "title": "B"},
    {
      "title": "C",
      "id": "net.c",
      "clauses": ["G-1"]
    },
    {"id": "net.d", "title": "D"}
  ]
}
`

const wantChecks = `{
  "platform": "net",
  "checks": [
    {
      "id": "net.a",
      "title": "A",
      "pass": ["on"]
    },
    {"id": "net.b", "title": "B"},
    {
      "title": "C",
      "id": "net.c"
    },
    {"id": "net.d", "title": "D"}
  ]
}
`

const rulesJSON = `{
  "categories": {
    "identifier": {
      "title": "Posts that identify",
      "clauses": ["G-1"],
      "remediation": "Delete it."
    }
  },
  "rules": [
    {"id": "x", "category": "identifier", "clauses": "not a category: left alone"}
  ]
}
`

func setup(t *testing.T, checks, rules string) string {
	t.Helper()
	root := t.TempDir()
	for path, data := range map[string]string{
		"assets/guidelines/g.json":   guidelineJSON,
		"assets/guidelines/g.txt":    "One. Two.",
		"assets/checks/net.json":     checks,
		"assets/lexicons/rules.json": rules,
	} {
		p := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func read(t *testing.T, root, path string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestConvertMovesClauses(t *testing.T) {
	root := setup(t, checksJSON, rulesJSON)

	// Checking changes nothing.
	rep, err := Convert(root, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Moved != 5 || rep.Added != 4 || len(rep.Files) != 3 {
		t.Errorf("check-only report %+v; want 5 moved, 4 added (net.a already in G-1), 3 files", rep)
	}
	if read(t, root, "assets/checks/net.json") != checksJSON {
		t.Fatal("checking changed a file")
	}

	if _, err := Convert(root, true); err != nil {
		t.Fatal(err)
	}
	if got := read(t, root, "assets/checks/net.json"); got != wantChecks {
		t.Errorf("checks file after conversion:\n%s\nwant:\n%s", got, wantChecks)
	}
	rules := read(t, root, "assets/lexicons/rules.json")
	if strings.Contains(rules, `["G-1"]`) || !strings.Contains(rules, `"clauses": "not a category: left alone"`) {
		t.Errorf("rules after conversion:\n%s", rules)
	}
	var g struct {
		Controls []struct {
			ID     string   `json:"id"`
			Checks []string `json:"checks"`
		} `json:"controls"`
	}
	if err := json.Unmarshal([]byte(read(t, root, "assets/guidelines/g.json")), &g); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"G-1": "net.a net.c posts.identifier", "G-2": "net.a net.b"}
	for _, c := range g.Controls {
		if got := strings.Join(c.Checks, " "); got != want[c.ID] {
			t.Errorf("%s checks %q, want %q", c.ID, got, want[c.ID])
		}
	}

	// Again: nothing left to move, nothing written.
	before := read(t, root, "assets/guidelines/g.json")
	rep, err = Convert(root, true)
	if err != nil || rep.Moved != 0 || len(rep.Files) != 0 {
		t.Errorf("second run: %+v, %v", rep, err)
	}
	if read(t, root, "assets/guidelines/g.json") != before {
		t.Error("second run rewrote the guideline")
	}
}

func TestConvertRefusesUnknownClause(t *testing.T) {
	root := setup(t, `{"platform":"net","checks":[{"id":"net.a","clauses":["H-9"]}]}`, `{"categories":{}}`)
	if _, err := Convert(root, true); err == nil || !strings.Contains(err.Error(), "H-9") {
		t.Errorf("unknown clause: %v", err)
	}
	if !strings.Contains(read(t, root, "assets/checks/net.json"), "H-9") {
		t.Error("a failed conversion changed the checks file")
	}
}

func FuzzRemoveClauses(f *testing.F) {
	f.Add([]byte(checksJSON))
	f.Add([]byte(`{"checks":[{"clauses":[],"id":"a"}]}`))
	f.Add([]byte(`{"checks":[{"id":"a","clauses":["x"]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		inChecks := func(p []string) bool { return len(p) == 2 && p[0] == "checks" }
		ms, err := findClauses(data, inChecks)
		if err != nil || !json.Valid(data) {
			return
		}
		var spans [][2]int
		for _, m := range ms {
			spans = append(spans, m.spans...)
		}
		out := removeSpans(data, spans)
		if !json.Valid(out) {
			t.Fatalf("removing %d clauses broke the JSON:\n%s\n->\n%s", len(ms), data, out)
		}
		left, err := findClauses(out, inChecks)
		if err != nil || len(left) != 0 {
			t.Fatalf("clauses left after removal: %v %v", left, err)
		}
	})
}
