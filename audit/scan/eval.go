package scan

import (
	"fmt"
	"io"

	"chaperone/audit/scan/corpus"
)

// Counts are the post-level outcomes for one category over a labelled
// corpus. Only a Flagged verdict is a positive prediction. A post for
// which the category is a "check" is a negative: flagging it in full is a
// false positive, showing it as a check is right (CheckHit of CheckAll),
// and a check shown on a post with neither the label nor the check is a
// FalseCheck.
type Counts struct {
	TP, FP, FN, TN       int
	CheckHit, CheckMiss  int
	FalseCheck, CheckAll int
}

// Add sums two sets of counts.
func (c Counts) Add(d Counts) Counts {
	return Counts{c.TP + d.TP, c.FP + d.FP, c.FN + d.FN, c.TN + d.TN, c.CheckHit + d.CheckHit, c.CheckMiss + d.CheckMiss, c.FalseCheck + d.FalseCheck, c.CheckAll + d.CheckAll}
}

// Precision is TP/(TP+FP), 1 with no positive prediction.
func (c Counts) Precision() float64 {
	if c.TP+c.FP == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is TP/(TP+FN), 1 with no positive post.
func (c Counts) Recall() float64 {
	if c.TP+c.FN == 0 {
		return 1
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Evaluation is the outcome of scanning a labelled corpus.
type Evaluation struct {
	Posts, Benign int
	Counts        map[Category]Counts
	// Confusion[i][j] counts posts labelled Categories[i] (index 5: no
	// label) that were flagged for Categories[j] (index 5: for nothing).
	Confusion [6][6]int
}

// Evaluate scans every post with mode and counts outcomes per category.
func (s *Scanner) Evaluate(posts []corpus.Post, mode Mode) map[Category]Counts {
	return s.EvaluateFull(posts, mode, nil).Counts
}

// EvaluateFull is Evaluate with the confusion of categories; each is
// called, when non-nil, with every post and its analysis.
func (s *Scanner) EvaluateFull(posts []corpus.Post, mode Mode, each func(corpus.Post, Analysis)) Evaluation {
	ev := Evaluation{Posts: len(posts), Counts: map[Category]Counts{}}
	for _, p := range posts {
		a := s.AnalyzeMode(p.Text, mode)
		if each != nil {
			each(p, a)
		}
		if len(p.Labels) == 0 {
			ev.Benign++
		}
		var rows, cols []int
		for i, c := range Categories {
			n := ev.Counts[c]
			v := a.Verdict(c)
			want, check := p.Has(string(c)), p.IsCheck(string(c))
			if want {
				rows = append(rows, i)
			}
			if v == Flagged {
				cols = append(cols, i)
			}
			switch {
			case v == Flagged && want:
				n.TP++
			case v == Flagged:
				n.FP++
			case want:
				n.FN++
			default:
				n.TN++
			}
			if check {
				n.CheckAll++
				if v == CheckOnly {
					n.CheckHit++
				} else {
					n.CheckMiss++
				}
			} else if v == CheckOnly && !want {
				n.FalseCheck++
			}
			ev.Counts[c] = n
		}
		if len(rows) == 0 {
			rows = []int{5}
		}
		if len(cols) == 0 {
			cols = []int{5}
		}
		for _, r := range rows {
			for _, c := range cols {
				ev.Confusion[r][c]++
			}
		}
	}
	return ev
}

// PrintScores writes a table of per-category figures.
func PrintScores(w io.Writer, s map[Category]Counts) {
	fmt.Fprintf(w, "%-22s %5s %5s %5s %9s %7s %6s %12s %8s\n", "category", "tp", "fp", "fn", "precision", "recall", "F1", "checks shown", "false ck")
	for _, c := range Categories {
		n := s[c]
		fmt.Fprintf(w, "%-22s %5d %5d %5d %9.3f %7.3f %6.3f %6d/%-5d %8d\n", c, n.TP, n.FP, n.FN, n.Precision(), n.Recall(), n.F1(), n.CheckHit, n.CheckAll, n.FalseCheck)
	}
}

// PrintConfusion writes the confusion of categories: rows are the labels
// (a post counts once per label), columns the categories flagged.
func PrintConfusion(w io.Writer, ev Evaluation) {
	short := []string{"ident", "story", "derog", "coi", "unprof", "none"}
	fmt.Fprintf(w, "%-14s", "label\\flagged")
	for _, s := range short {
		fmt.Fprintf(w, " %6s", s)
	}
	fmt.Fprintln(w)
	for i, s := range short {
		if i == 5 {
			s = "benign"
		}
		fmt.Fprintf(w, "%-14s", s)
		for j := range short {
			fmt.Fprintf(w, " %6d", ev.Confusion[i][j])
		}
		fmt.Fprintln(w)
	}
}
