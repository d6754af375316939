package scan

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var showErrors = flag.String("scan.errors", "", "print the mistakes on this split (train or validation; the test split is not for tuning)")

// labelled is one post of the evaluation corpus.
type labelled struct {
	ID     string     `json:"id"`
	Text   string     `json:"text"`
	Labels []Category `json:"labels"`
}

func loadCorpus(t testing.TB, name string) []labelled {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var l labelled
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, c := range l.Labels {
			if !validCategory(c) {
				t.Fatalf("%s %s: unknown label %q", name, l.ID, c)
			}
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func validCategory(c Category) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// scores are the post-level confusion counts of one category.
type scores struct{ tp, fp, fn int }

func (s scores) precision() float64 {
	if s.tp+s.fp == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s scores) recall() float64 {
	if s.tp+s.fn == 0 {
		return 1
	}
	return float64(s.tp) / float64(s.tp+s.fn)
}

func (s scores) f1() float64 {
	p, r := s.precision(), s.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// evaluate scans every post and counts, per category, whether the post
// was flagged for it against whether it is labelled with it.
func evaluate(sc *Scanner, posts []labelled, mistakes func(l labelled, c Category, got bool)) map[Category]scores {
	out := map[Category]scores{}
	for _, l := range posts {
		flagged := map[Category]bool{}
		for _, f := range sc.Text(l.Text) {
			flagged[f.Category] = true
		}
		want := map[Category]bool{}
		for _, c := range l.Labels {
			want[c] = true
		}
		for _, c := range Categories {
			s := out[c]
			switch {
			case flagged[c] && want[c]:
				s.tp++
			case flagged[c]:
				s.fp++
				if mistakes != nil {
					mistakes(l, c, true)
				}
			case want[c]:
				s.fn++
				if mistakes != nil {
					mistakes(l, c, false)
				}
			}
			out[c] = s
		}
	}
	return out
}

// targets are the figures the scanner must reach on the held-out split.
var targets = map[Category]struct{ recall, precision, f1 float64 }{
	Identifier:         {recall: 0.98, precision: 0.95},
	PatientStory:       {recall: 0.85, precision: 0.80},
	Derogatory:         {f1: 0.85},
	ConflictOfInterest: {f1: 0.85},
	Unprofessional:     {f1: 0.85},
}

// TestEval prints per-category precision, recall and F1 on every split of
// the labelled corpus (`make eval`) and holds the held-out test split to
// the targets. The validation split was written apart from the rules, in
// other voices, to show how the scanner generalises; it is reported, not
// held to the targets.
func TestEval(t *testing.T) {
	sc := defaultScanner(t)
	for _, split := range []string{"train", "test", "validation"} {
		posts := loadCorpus(t, split+".jsonl")
		var mistakes func(labelled, Category, bool)
		if *showErrors == split && split != "test" {
			mistakes = func(l labelled, c Category, got bool) {
				kind := "missed"
				if got {
					kind = "false alarm"
				}
				fmt.Printf("  %s %-20s %s: %s\n", kind, c, l.ID, l.Text)
			}
		}
		res := evaluate(sc, posts, mistakes)
		benign := 0
		for _, l := range posts {
			if len(l.Labels) == 0 {
				benign++
			}
		}
		fmt.Printf("\n%s split: %d posts (%d benign)\n", split, len(posts), benign)
		fmt.Printf("%-22s %5s %5s %5s %9s %7s %6s\n", "category", "tp", "fp", "fn", "precision", "recall", "F1")
		for _, c := range Categories {
			s := res[c]
			fmt.Printf("%-22s %5d %5d %5d %9.3f %7.3f %6.3f\n", c, s.tp, s.fp, s.fn, s.precision(), s.recall(), s.f1())
		}
		if split != "test" {
			continue
		}
		for c, tg := range targets {
			s := res[c]
			if s.recall() < tg.recall || s.precision() < tg.precision || s.f1() < tg.f1 {
				t.Errorf("%s on the test split: precision %.3f recall %.3f F1 %.3f, below the target", c, s.precision(), s.recall(), s.f1())
			}
		}
	}
}

// TestCorpusShape keeps the corpus honest: enough posts, at least half
// benign, every category represented in both splits.
func TestCorpusShape(t *testing.T) {
	total, benign := 0, 0
	for _, split := range []string{"train", "test"} {
		posts := loadCorpus(t, split+".jsonl")
		seen := map[string]bool{}
		per := map[Category]int{}
		for _, l := range posts {
			if seen[l.ID] {
				t.Errorf("%s: duplicate id %s", split, l.ID)
			}
			seen[l.ID] = true
			if len(l.Labels) == 0 {
				benign++
			}
			for _, c := range l.Labels {
				per[c]++
			}
		}
		for _, c := range Categories {
			if per[c] < 10 {
				t.Errorf("%s split has only %d %s posts", split, per[c], c)
			}
		}
		total += len(posts)
	}
	if total < 400 || benign*2 < total {
		t.Errorf("corpus: %d posts, %d benign; want >= 400 and at least half benign", total, benign)
	}
}

func defaultScanner(t testing.TB) *Scanner {
	t.Helper()
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
