// Command wordnetlex turns WordNet (Debian package wordnet-base) into word
// lists for the post scanner, so that the classifier knows a word's class
// without anyone listing it: disparaging terms and slurs, vulgarisms,
// occupations and roles that describe a person, kin, and diseases.
//
//	apt-get install wordnet-base
//	go run ./audit/scan/cmd/wordnetlex            (writes assets/lexicons/wn_*.txt)
//
// The lists are data; retrain the scanner after regenerating them.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// synset is what the generator needs of one WordNet synset.
type synset struct {
	lexFile string
	words   []string
	hypo    []string // synset keys ("n:offset") of its hyponyms
	domains []string // usage domains it belongs to (";u" pointers)
}

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet database folder")
	out := flag.String("out", "assets/lexicons", "folder to write the lists into")
	flag.Parse()
	if err := run(*dir, *out); err != nil {
		fmt.Fprintln(os.Stderr, "wordnetlex:", err)
		os.Exit(1)
	}
}

// A list: its file, its comment, and how its words are chosen.
type list struct {
	file, about string
	// usage: synsets marked with one of these usage domains (by the
	// domain synset's first word).
	usage []string
	// roots: synsets under one of these (first word, lexicographer file)
	// through hyponym links, roots included.
	roots []root
}

type root struct{ word, lexFile string }

var lists = []list{
	{file: "wn_disparaging.txt", about: "Words WordNet marks as disparaging or as ethnic slurs.",
		usage: []string{"disparagement", "ethnic_slur"}},
	{file: "wn_vulgar.txt", about: "Words WordNet marks as obscene or vulgar.",
		usage: []string{"obscenity"}},
	{file: "wn_occupation.txt", about: "Occupations and roles: words that describe who a person is (\"a retired miner\", \"the local magistrate\").",
		roots: []root{{"worker", "noun.person"}, {"professional", "noun.person"}, {"athlete", "noun.person"}, {"entertainer", "noun.person"}, {"official", "noun.person"}, {"leader", "noun.person"}, {"serviceman", "noun.person"}, {"skilled_worker", "noun.person"}, {"expert", "noun.person"}, {"creator", "noun.person"}}},
	{file: "wn_kin.txt", about: "Kin: words for a person's relatives.",
		roots: []root{{"relative", "noun.person"}, {"spouse", "noun.person"}}},
	{file: "wn_disease.txt", about: "Diseases and disorders.",
		roots: []root{{"disease", "noun.state"}, {"disorder", "noun.state"}, {"injury", "noun.state"}}},
}

func run(dir, out string) error {
	syn := map[string]*synset{}
	for _, pos := range []string{"noun", "adj", "verb"} {
		if err := readData(filepath.Join(dir, "data."+pos), pos[:1], syn); err != nil {
			return err
		}
	}
	senses := map[string]int{}
	for _, s := range syn {
		for _, w := range s.words {
			senses[w]++
		}
	}
	for _, l := range lists {
		words := map[string]bool{}
		if len(l.usage) > 0 {
			doms := map[string]bool{}
			for k, s := range syn {
				for _, u := range l.usage {
					if len(s.words) > 0 && s.words[0] == u {
						doms[k] = true
					}
				}
			}
			// A word with other, ordinary senses ("black", "paddy") is
			// kept only if most of its senses are so marked.
			marked := map[string]int{}
			for _, s := range syn {
				for _, d := range s.domains {
					if doms[d] {
						for _, w := range s.words {
							marked[w]++
						}
					}
				}
			}
			for w, n := range marked {
				if 2*n >= senses[w] {
					addWords(words, []string{w})
				}
			}
		}
		for _, r := range l.roots {
			var stack []string
			for k, s := range syn {
				if s.lexFile == r.lexFile && len(s.words) > 0 && s.words[0] == r.word {
					stack = append(stack, k)
				}
			}
			seen := map[string]bool{}
			for len(stack) > 0 {
				k := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if seen[k] {
					continue
				}
				seen[k] = true
				addWords(words, syn[k].words)
				stack = append(stack, syn[k].hypo...)
			}
		}
		if err := write(filepath.Join(out, l.file), l.about, words); err != nil {
			return err
		}
	}
	return nil
}

// addWords keeps lemmas of one or two words, letters only, of three
// letters or more: longer phrases and codes add little and cost lookups.
func addWords(set map[string]bool, ws []string) {
	for _, w := range ws {
		w = strings.ToLower(strings.ReplaceAll(w, "_", " "))
		if i := strings.IndexByte(w, '('); i >= 0 { // adjective markers: "(a)"
			w = w[:i]
		}
		if len(w) < 3 || strings.Count(w, " ") > 1 {
			continue
		}
		ok := true
		for _, r := range w {
			if !(r >= 'a' && r <= 'z' || r == ' ' || r == '-' || r == '\'') {
				ok = false
			}
		}
		if ok {
			set[w] = true
		}
	}
}

func write(name, about string, words map[string]bool) error {
	var ws []string
	for w := range words {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n# Generated from WordNet 3.0 (Princeton University, WordNet licence) by\n# audit/scan/cmd/wordnetlex; do not edit by hand.\n", about)
	for _, w := range ws {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	fmt.Printf("%s: %d words\n", name, len(ws))
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

// lexFiles names the lexicographer files the lists use, by number (the
// numbers are fixed by WordNet: see lexnames(5WN)).
var lexFiles = map[string]string{"18": "noun.person", "26": "noun.state"}

// readData reads one data.<pos> file (format: wndb(5WN)).
func readData(name, pos string, syn map[string]*synset) error {
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("reading WordNet: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "  ") {
			continue // licence header
		}
		if i := strings.Index(line, " | "); i >= 0 {
			line = line[:i]
		}
		fs := strings.Fields(line)
		if len(fs) < 4 {
			continue
		}
		s := &synset{}
		if pos == "n" {
			s.lexFile = lexFiles[fs[1]]
		}
		var n int
		fmt.Sscanf(fs[3], "%x", &n)
		i := 4
		for k := 0; k < n && i+1 < len(fs); k++ {
			s.words = append(s.words, fs[i])
			i += 2
		}
		if i >= len(fs) {
			continue
		}
		var np int
		fmt.Sscanf(fs[i], "%d", &np)
		i++
		for k := 0; k < np && i+3 < len(fs); k++ {
			sym, off, p := fs[i], fs[i+1], fs[i+2]
			if p == "s" {
				p = "a"
			}
			key := p + ":" + off
			switch sym {
			case "~": // not "~i": instances are named people, not classes
				s.hypo = append(s.hypo, key)
			case ";u":
				s.domains = append(s.domains, key)
			}
			i += 4
		}
		p := pos
		syn[p+":"+fs[0]] = s
	}
	return sc.Err()
}
