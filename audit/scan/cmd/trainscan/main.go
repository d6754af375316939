// Command trainscan trains the post scanner's classifier from the
// committed corpus and writes it where the scanner loads it:
//
//	go run ./audit/scan/cmd/trainscan            (or: make train-scanner)
//
// It prints, per source, the figures on that source when the model is
// trained on the others: how the scanner does on voices it has not read.
package main

import (
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"chaperone/assets"
	"chaperone/audit/scan"
	"chaperone/audit/scan/learn"
	"chaperone/audit/scan/train"
)

func main() {
	data := flag.String("data", "audit/scan/testdata", "folder of the training files")
	out := flag.String("out", filepath.Join("assets", scan.ModelFile), "model file to write")
	check := flag.Bool("check", false, "do not write: fail if the model file differs from what the data gives")
	o := train.Default
	flag.UintVar(&o.Bits, "bits", o.Bits, "log2 of the weight rows")
	flag.IntVar(&o.Epochs, "epochs", o.Epochs, "passes over the data")
	flag.Float64Var(&o.Rate, "rate", o.Rate, "AdaGrad learning rate")
	flag.Float64Var(&o.L2, "l2", o.L2, "L2 penalty")
	flag.Float64Var(&o.PosWeight, "pos", o.PosWeight, "weight of positive examples")
	o.Beta = maps.Clone(o.Beta)
	flag.Var(betaFlag(o.Beta), "beta", "F-beta of a category's threshold, as category=beta (repeatable; the others use their default)")
	flag.BoolVar(&ablation, "ablation", false, "also print the held-out figures of the rules alone and the classifier alone")
	flag.StringVar(&showErrors, "errors", "", "print the held-out mistakes on this training source (ours, train-1, ...)")
	flag.Parse()
	if err := run(*data, *out, *check, o); err != nil {
		fmt.Fprintln(os.Stderr, "trainscan:", err)
		os.Exit(1)
	}
}

// betaFlag sets one category's F-beta per use: -beta patient_story=1.
type betaFlag map[scan.Category]float64

func (b betaFlag) String() string {
	var parts []string
	for _, c := range scan.Categories {
		if v, ok := b[c]; ok {
			parts = append(parts, fmt.Sprintf("%s=%g", c, v))
		}
	}
	return strings.Join(parts, ",")
}

func (b betaFlag) Set(v string) error {
	name, num, ok := strings.Cut(v, "=")
	if !ok {
		return fmt.Errorf("%q: want category=beta", v)
	}
	c := scan.Category(name)
	if !slices.Contains(scan.Categories, c) {
		return fmt.Errorf("%q: no such category", name)
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		return fmt.Errorf("%q: beta must be a positive number", num)
	}
	b[c] = f
	return nil
}

func run(dir, out string, check bool, o train.Options) error {
	rules, err := scan.NewRules(assets.FS)
	if err != nil {
		return err
	}
	srcs, err := train.Load(dir)
	if err != nil {
		return err
	}
	res, err := train.Run(rules, srcs, o)
	if err != nil {
		return err
	}
	fmt.Printf("heads: %v\n", res.Heads)
	for _, m := range res.Model.Models {
		for _, h := range m.Heads {
			fmt.Printf("  %-28s threshold p=%.3f\n", h.Name, sigmoid(h.Threshold))
		}
	}
	if showErrors != "" {
		printErrors(res, srcs)
	}
	pooled := map[scan.Category]scan.Counts{}
	writers := map[scan.Category]scan.Counts{}
	for _, s := range res.Heldout {
		if s.Source != "ours" {
			for c, n := range s.Scores {
				writers[c] = writers[c].Add(n)
			}
		}
		fmt.Printf("\nheld out %s (%d posts), trained on the others:\n", s.Source, s.Posts)
		scan.PrintScores(os.Stdout, s.Scores)
		for c, n := range s.Scores {
			pooled[c] = pooled[c].Add(n)
		}
	}
	fmt.Printf("\nevery source held out in turn, pooled:\n")
	scan.PrintScores(os.Stdout, pooled)
	fmt.Printf("\nthe writers' sources held out in turn, pooled:\n")
	scan.PrintScores(os.Stdout, writers)
	if ablation {
		// The same held-out posts with parts of the scanner left out.
		fmt.Printf("\nheld-out F1 by component (writers' sources)  %-7s %-7s %-7s %-7s %-7s\n", "ident", "story", "derog", "coi", "unprof")
		for _, m := range []struct {
			name string
			mode scan.Mode
		}{{"rules alone", scan.Mode{RulesOnly: true}}, {"classifier alone", scan.Mode{ModelOnly: true}}, {"both", scan.Mode{}}} {
			pooled := map[scan.Category]scan.Counts{}
			for _, s := range srcs {
				if s.Name == "ours" {
					continue
				}
				for c, n := range res.Folds[s.Name].Evaluate(s.Posts, m.mode) {
					pooled[c] = pooled[c].Add(n)
				}
			}
			fmt.Printf("  %-42s", m.name)
			for _, c := range scan.Categories {
				fmt.Printf(" %-7.3f", pooled[c].F1())
			}
			fmt.Println()
		}
	}
	b, err := res.Model.MarshalBinary()
	if err != nil {
		return err
	}
	if check {
		f, err := os.Open(out)
		if err != nil {
			return err
		}
		old, err := scan.InflateModel(f)
		f.Close()
		if err != nil {
			return err
		}
		if string(old) != string(b) {
			return fmt.Errorf("%s differs from what the data gives: retrain", out)
		}
		fmt.Println("\nthe model file matches the data")
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	z, err := scan.CompressModel(b)
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, z, 0o644); err != nil {
		return err
	}
	fmt.Printf("\nwrote %s (%d bytes, %d inflated)\n", out, len(z), len(b))
	return nil
}

func sigmoid(z float32) float64 { return learn.Sigmoid(float64(z)) }

var (
	showErrors string
	ablation   bool
)

// printErrors lists the held-out mistakes on one training source. Only
// training sources can be named: the blind splits are not loaded here.
func printErrors(res *train.Result, srcs []train.Source) {
	sc := res.Folds[showErrors]
	if sc == nil {
		fmt.Fprintf(os.Stderr, "no training source %q\n", showErrors)
		return
	}
	for _, s := range srcs {
		if s.Name != showErrors {
			continue
		}
		for _, p := range s.Posts {
			a := sc.Analyze(p.Text)
			for _, r := range a.Categories {
				want, check := p.Has(string(r.Category)), p.IsCheck(string(r.Category))
				got := r.Verdict == scan.Flagged
				if got == want && (r.Verdict == scan.CheckOnly) == check {
					continue
				}
				kind := "missed"
				switch {
				case got && !want:
					kind = "false alarm"
				case check:
					kind = "check " + string(r.Verdict)
				case r.Verdict == scan.CheckOnly:
					kind = "false check"
				}
				fmt.Printf("%-12s %-20s %.2f/%.2f %s: %s  [%s]\n", kind, r.Category, r.Score, r.CheckScore, p.ID, p.Text, p.Note)
			}
		}
	}
}
