package scan

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chaperone/audit/scan/corpus"
)

var onlySplits = flag.String("scan.splits", "", "evaluate only these splits (comma-separated names; default all)")

var showErrors = flag.String("scan.errors", "", "print the mistakes on this training split (ours-train, ours-validation, ours-test, train-1 ... train-30); the blind splits are sealed")

// split is one labelled file of the corpus.
type split struct {
	name, file string
	// trained: the shipped model was trained on it (figures are not
	// held out). blind: sealed, written apart from everything else; its
	// texts and per-post results are never shown.
	trained, blind bool
	// weighted: a training set written weighted to some categories,
	// which need not hold every one.
	weighted bool
	// reserved: a sealed split kept for a later round. TestEval leaves
	// it unmeasured unless -scan.splits names it, so measuring this
	// round's splits cannot show it.
	reserved bool
}

var splits = []split{
	{name: "ours-train", file: "train.jsonl", trained: true},
	{name: "ours-validation", file: "validation.jsonl", trained: true},
	{name: "ours-test", file: "test.jsonl"},
	{name: "train-1", file: "corpus/train-1.jsonl", trained: true},
	{name: "train-2", file: "corpus/train-2.jsonl", trained: true},
	{name: "train-3", file: "corpus/train-3.jsonl", trained: true},
	{name: "train-4", file: "corpus/train-4.jsonl", trained: true},
	{name: "train-5", file: "corpus/train-5.jsonl", trained: true},
	// The first round's blind splits, trained on once spent.
	{name: "train-6", file: "corpus/train-6.jsonl", trained: true},
	{name: "train-7", file: "corpus/train-7.jsonl", trained: true},
	{name: "train-8", file: "corpus/train-8.jsonl", trained: true},
	{name: "train-9", file: "corpus/train-9.jsonl", trained: true},
	{name: "train-10", file: "corpus/train-10.jsonl", trained: true},
	// The second round's blind splits, trained on once spent.
	{name: "train-11", file: "corpus/train-11.jsonl", trained: true},
	{name: "train-12", file: "corpus/train-12.jsonl", trained: true},
	// The third round's blind splits, trained on once spent, and two
	// more writers' sets.
	{name: "train-13", file: "corpus/train-13.jsonl", trained: true},
	{name: "train-14", file: "corpus/train-14.jsonl", trained: true},
	{name: "train-15", file: "corpus/train-15.jsonl", trained: true},
	{name: "train-16", file: "corpus/train-16.jsonl", trained: true},
	// The fourth round's blind splits, trained on once spent, and two
	// more writers' sets.
	{name: "train-17", file: "corpus/train-17.jsonl", trained: true},
	{name: "train-18", file: "corpus/train-18.jsonl", trained: true},
	{name: "train-19", file: "corpus/train-19.jsonl", trained: true},
	{name: "train-20", file: "corpus/train-20.jsonl", trained: true, weighted: true},
	// The fifth round's blind splits, trained on once spent.
	{name: "train-21", file: "corpus/train-21.jsonl", trained: true},
	{name: "train-22", file: "corpus/train-22.jsonl", trained: true},
	// Two more writers' sets of the sixth round: misconduct and
	// contempt, and identifiers, stories and promotion, each with near
	// misses.
	{name: "train-23", file: "corpus/train-23.jsonl", trained: true, weighted: true},
	{name: "train-24", file: "corpus/train-24.jsonl", trained: true, weighted: true},
	// Two more writers' sets of the seventh round (where stories and
	// identifiers end; misconduct, contempt and promotion where they
	// meet), and the sixth round's blind splits, trained on once spent.
	{name: "train-25", file: "corpus/train-25.jsonl", trained: true, weighted: true},
	{name: "train-26", file: "corpus/train-26.jsonl", trained: true, weighted: true},
	{name: "train-27", file: "corpus/train-27.jsonl", trained: true},
	{name: "train-28", file: "corpus/train-28.jsonl", trained: true},
	// Two more writers' sets of the eighth round: misconduct, and
	// identifiers and contempt, each with near misses.
	{name: "train-29", file: "corpus/train-29.jsonl", trained: true, weighted: true},
	{name: "train-30", file: "corpus/train-30.jsonl", trained: true, weighted: true},
	// The seventh round's, written at the end of the sixth: blind-13 was
	// measured before the round's tuning, blind-14 at its end.
	{name: "blind-13", file: "blind/blind-13.jsonl", blind: true},
	{name: "blind-14", file: "blind/blind-14.jsonl", blind: true},
	// The eighth round's, written at the end of the seventh: blind-15 was
	// measured before the round's tuning, blind-16 at its end.
	{name: "blind-15", file: "blind/blind-15.jsonl", blind: true},
	{name: "blind-16", file: "blind/blind-16.jsonl", blind: true},
	// The ninth round's, written at the end of the eighth: measure
	// blind-17 alone before tuning (-scan.splits blind-17), blind-18 at
	// the end.
	{name: "blind-17", file: "blind/blind-17.jsonl", blind: true, reserved: true},
	{name: "blind-18", file: "blind/blind-18.jsonl", blind: true, reserved: true},
}

func validLabel(c string) bool { return validCategory(Category(c)) }

func validCategory(c Category) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

func loadSplit(t testing.TB, sp split) []corpus.Post {
	t.Helper()
	posts, err := corpus.ReadFile(filepath.Join("testdata", sp.file), validLabel)
	if err != nil {
		t.Fatal(err)
	}
	return posts
}

// finalSplit is the sealed split the targets are judged on, measured
// once at the end of a round.
const finalSplit = "blind-16"

// targets are the figures the final blind split is held to (issue 13).
var targets = map[Category]struct{ recall, precision, f1 float64 }{
	Identifier:         {recall: 0.95, precision: 0.90},
	PatientStory:       {recall: 0.85, precision: 0.80},
	Derogatory:         {f1: 0.85},
	ConflictOfInterest: {f1: 0.85},
	Unprofessional:     {f1: 0.85},
}

// TestEval prints, for every split, per-category precision, recall and
// F1 of the whole scanner, the confusion of categories, and what the
// rules alone and the classifier alone score (`make eval`). A "check"
// verdict is not a positive prediction: see Counts. Nothing of a blind
// split but these totals is printed.
func TestEval(t *testing.T) {
	sc := defaultScanner(t)
	// Only `make eval` (go test -v) shows the figures: a plain go test
	// that fails elsewhere in the package would otherwise show the sealed
	// splits' totals to whoever is tuning.
	out := io.Discard
	if testing.Verbose() {
		out = os.Stdout
	}
	for _, sp := range splits {
		if *showErrors == sp.name && sp.blind {
			t.Fatalf("the %s split is sealed: its mistakes are not shown", sp.name)
		}
	}
	for _, sp := range splits {
		named := strings.Contains(","+*onlySplits+",", ","+sp.name+",")
		if *onlySplits != "" && !named || sp.reserved && !named {
			continue
		}
		if _, err := os.Stat(filepath.Join("testdata", sp.file)); sp.blind && err != nil {
			t.Logf("%s is not there yet (TestCorpusLabels requires it)", sp.name)
			continue
		}
		posts := loadSplit(t, sp)
		var each func(corpus.Post, Analysis)
		if *showErrors == sp.name {
			each = func(p corpus.Post, a Analysis) { printMistakes(p, a) }
		}
		ev := sc.EvaluateFull(posts, Mode{}, each)
		note := "held out"
		if sp.trained {
			note = "the shipped model was trained on it"
		}
		if sp.blind {
			note = "sealed blind split, held out"
		}
		fmt.Fprintf(out, "\n== %s: %d posts (%d benign); %s\n", sp.name, ev.Posts, ev.Benign, note)
		PrintScores(out, ev.Counts)
		PrintConfusion(out, ev)
		rules := sc.Evaluate(posts, Mode{RulesOnly: true})
		model := sc.Evaluate(posts, Mode{ModelOnly: true})
		fmt.Fprintf(out, "F1 by component    %-8s %-8s %-8s %-8s %-8s\n", "ident", "story", "derog", "coi", "unprof")
		for _, row := range []struct {
			name string
			c    map[Category]Counts
		}{{"rules alone", rules}, {"classifier alone", model}, {"both", ev.Counts}} {
			fmt.Fprintf(out, "  %-16s", row.name)
			for _, c := range Categories {
				fmt.Fprintf(out, " %-8.3f", row.c[c].F1())
			}
			fmt.Fprintln(out)
		}
		if sp.name == finalSplit {
			for _, c := range Categories {
				tg, s := targets[c], ev.Counts[c]
				met := s.Recall() >= tg.recall && s.Precision() >= tg.precision && s.F1() >= tg.f1
				fmt.Fprintf(out, "  target %-22s %s\n", c, map[bool]string{true: "met", false: "MISSED"}[met])
			}
		}
	}
}

// printMistakes prints one training post's wrong verdicts (never called
// for a blind split).
func printMistakes(p corpus.Post, a Analysis) {
	for _, r := range a.Categories {
		want, check := p.Has(string(r.Category)), p.IsCheck(string(r.Category))
		got := r.Verdict == Flagged
		if got == want && (r.Verdict == CheckOnly) == check {
			continue
		}
		kind := "missed"
		switch {
		case got && !want:
			kind = "false alarm"
		case check:
			kind = "check " + string(r.Verdict)
		case r.Verdict == CheckOnly:
			kind = "false check"
		}
		fmt.Printf("  %-12s %-20s %.2f/%.2f %s: %s\n", kind, r.Category, r.Score, r.CheckScore, p.ID, p.Text)
	}
}

// TestCorpusLabels: every post of every split has labels (and checks)
// from the five categories, and ids are unique within a split.
func TestCorpusLabels(t *testing.T) {
	for _, sp := range splits {
		posts := loadSplit(t, sp) // corpus.Read refuses unknown labels
		per := map[Category]int{}
		benign := 0
		for _, p := range posts {
			for _, c := range append(append([]string(nil), p.Labels...), p.Check...) {
				if !validLabel(c) {
					t.Errorf("%s %s: unknown category %q", sp.name, p.ID, c)
				}
			}
			for _, c := range p.Labels {
				per[Category(c)]++
			}
			if len(p.Labels) == 0 {
				benign++
			}
		}
		for _, c := range Categories {
			if per[c] < 5 && !sp.weighted {
				t.Errorf("%s has only %d %s posts", sp.name, per[c], c)
			}
		}
		if benign*3 < len(posts) {
			t.Errorf("%s: %d of %d posts benign; want at least a third", sp.name, benign, len(posts))
		}
	}
}

// TestBlindNotInTraining: no blind post, exactly or nearly (the same
// word 4-grams for the most part), appears in any training split. Only
// ids are printed.
func TestBlindNotInTraining(t *testing.T) {
	type doc struct {
		id     string
		norm   string
		grams  map[uint64]bool
		splitN string
	}
	mk := func(sp string, p corpus.Post) doc {
		words := strings.FieldsFunc(strings.ToLower(p.Text), func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
		})
		g := map[uint64]bool{}
		for i := 0; i+4 <= len(words); i++ {
			g[strHash64(strings.Join(words[i:i+4], " "))] = true
		}
		return doc{id: p.ID, norm: strings.Join(words, " "), grams: g, splitN: sp}
	}
	var train, blind []doc
	for _, sp := range splits {
		for _, p := range loadSplit(t, sp) {
			d := mk(sp.name, p)
			if sp.blind {
				blind = append(blind, d)
			} else {
				train = append(train, d)
			}
		}
	}
	// An index from 4-gram to the training posts holding it.
	index := map[uint64][]int{}
	exact := map[string]int{}
	for i, d := range train {
		exact[d.norm] = i
		for g := range d.grams {
			index[g] = append(index[g], i)
		}
	}
	for _, b := range blind {
		if i, ok := exact[b.norm]; ok {
			t.Errorf("blind post %s (%s) is training post %s (%s)", b.id, b.splitN, train[i].id, train[i].splitN)
			continue
		}
		shared := map[int]int{}
		for g := range b.grams {
			for _, i := range index[g] {
				shared[i]++
			}
		}
		for i, n := range shared {
			union := len(b.grams) + len(train[i].grams) - n
			if union > 0 && float64(n)/float64(union) >= 0.5 {
				t.Errorf("blind post %s (%s) nearly repeats training post %s (%s): %d of %d word 4-grams shared", b.id, b.splitN, train[i].id, train[i].splitN, n, union)
			}
		}
	}
}

func strHash64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

func defaultScanner(t testing.TB) *Scanner {
	t.Helper()
	sc, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
