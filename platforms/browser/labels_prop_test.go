package browser

import (
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// A value belongs to its own label. On generated settings pages (rows
// shuffled, cards moved, values blanked or unrecognised, labels repeated,
// random nesting, neighbouring rows whose labels the reader was not told
// about), the reader never returns a value the label's own row does not
// show: it returns that row's value, or none.
func TestReadLabelNeverBorrowsAValue(t *testing.T) {
	b := needBrowser(t)
	var mu sync.Mutex
	pages := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		body := pages[r.URL.Path]
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	defer tab.Close()

	words := []string{"On", "Off", "Public", "Friends", "Only me", "Everyone", "No one"}
	unknown := []string{"Not set up", "Pending", "Limited", "Custom list", "Ask me"}
	const trials = 40
	violations, reads, unread, missed := 0, 0, 0, 0
	for trial := 0; trial < trials; trial++ {
		rng := rand.New(rand.NewPCG(uint64(trial), 7))
		pg := genSettingsPage(rng, words, unknown)
		path := fmt.Sprintf("/p%d", trial)
		mu.Lock()
		pages[path] = pg.html
		mu.Unlock()
		if _, err := tab.Navigate(context.Background(), srv.URL+path); err != nil {
			t.Fatal(err)
		}
		// Half the time the reader knows every label; half the time it
		// knows none but the one asked for, like a card the file has
		// never heard of.
		tellOthers := trial%2 == 0
		for _, label := range pg.labels {
			q := LabelQuery{Labels: []string{label}, Values: words, Switch: true}
			if tellOthers {
				q.Others = pg.labels
			}
			res, err := tab.ReadLabel(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Key == "" {
				unread++
				if v := pg.truth[label]; len(v) == 1 && v[0] != "" {
					missed++
					if testing.Verbose() && missed < 6 {
						t.Logf("trial %d: %q (%q) not read: %s", trial, label, v[0], res.Reason)
					}
				}
				continue
			}
			reads++
			if !pg.rowShows(label, res.Key) {
				violations++
				t.Errorf("trial %d: %q read as %q (raw %q, by %s), which its own row does not show (its rows show %v)",
					trial, label, res.Key, res.Raw, res.How, pg.truth[label])
			}
		}
	}
	t.Logf("%d labels read, %d left unread (%d of them with a readable value of their own), %d borrowed", reads, unread, missed, violations)
	if reads == 0 {
		t.Fatal("nothing was read at all: the generator or the reader is broken")
	}
	// Conservative is right, but a reader that reads nothing is no reader.
	if missed*5 > reads {
		t.Errorf("%d readable rows left unread against %d read: the reader gives up too often", missed, reads)
	}
}

type genPage struct {
	html   string
	labels []string
	// truth maps a label to the normalised values its rows show (several
	// when the label is repeated; "" for a blank or unknown value).
	truth map[string][]string
}

func (p genPage) rowShows(label, key string) bool {
	vals := p.truth[label]
	if len(vals) == 0 {
		return false
	}
	for _, v := range vals {
		if v != key {
			return false // a repeated label must agree to be read at all
		}
	}
	return true
}

// genSettingsPage builds a settings page of cards of rows, each row a
// label, sometimes a description, and a value that is a known word, an
// unknown word, blank, or a switch.
func genSettingsPage(rng *rand.Rand, words, unknown []string) genPage {
	pg := genPage{truth: map[string][]string{}}
	nRows := 6 + rng.IntN(6)
	type row struct{ label, value, kind string }
	var rows []row
	for i := 0; i < nRows; i++ {
		label := fmt.Sprintf("Setting number %d for %s", i, []string{"posts", "friends", "search", "tags", "login"}[rng.IntN(5)])
		r := row{label: label}
		switch k := rng.IntN(10); {
		case k < 4:
			r.kind, r.value = "word", words[rng.IntN(len(words))]
		case k < 6:
			r.kind, r.value = "unknown", unknown[rng.IntN(len(unknown))]
		case k < 7:
			r.kind = "blank"
		default:
			r.kind = "switch"
			r.value = []string{"true", "false"}[rng.IntN(2)]
		}
		rows = append(rows, r)
		// Now and then the same label again elsewhere, with its own value.
		if rng.IntN(8) == 0 {
			dup := row{label: label, kind: "word", value: words[rng.IntN(len(words))]}
			rows = append(rows, dup)
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	wrap := func(s string) string {
		for n := rng.IntN(3); n > 0; n-- {
			s = "<div>" + s + "</div>"
		}
		return s
	}
	var sb strings.Builder
	sb.WriteString(`<!doctype html><html lang="en"><body><main role="main">`)
	seen := map[string]bool{}
	for i, r := range rows {
		if i%3 == 0 {
			if i > 0 {
				sb.WriteString("</section>")
			}
			fmt.Fprintf(&sb, `<section><h2>Card %d</h2>`, i/3)
		}
		if !seen[r.label] {
			pg.labels = append(pg.labels, r.label)
			seen[r.label] = true
		}
		label := wrap(`<span>` + html.EscapeString(r.label) + `</span>`)
		if rng.IntN(2) == 0 {
			label = `<div>` + label + `<span>This describes the setting in a long sentence of many words.</span></div>`
		}
		var value, truth string
		switch r.kind {
		case "word":
			value, truth = `<span>`+html.EscapeString(r.value)+`</span>`, Normalize(r.value)
		case "unknown":
			value = `<span>` + html.EscapeString(r.value) + `</span>`
		case "blank":
			value = `<span></span>`
		case "switch":
			value = `<div role="switch" aria-checked="` + r.value + `" tabindex="0"></div>`
			truth = map[string]string{"true": "on", "false": "off"}[r.value]
		}
		pg.truth[r.label] = append(pg.truth[r.label], truth)
		if rng.IntN(2) == 0 {
			fmt.Fprintf(&sb, `<div class="row">%s%s</div>`, label, wrap(value))
		} else {
			fmt.Fprintf(&sb, `<div class="row"><div>%s</div><div>%s<button>Edit</button></div></div>`, label, wrap(value))
		}
	}
	sb.WriteString("</section></main></body></html>")
	pg.html = sb.String()
	return pg
}
