package page

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"chaperone/platforms"
	"chaperone/platforms/browser"
)

// listSite serves /list: a list of ?total items drawn ?per at a time from
// JSON the page fetches (each answer ?delay ms late, a progress bar shown
// meanwhile), loaded when its end scrolls into view, or with ?button by a
// "Show more" button.
func listSite() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		off, _ := strconv.Atoi(q.Get("off"))
		per, _ := strconv.Atoi(q.Get("per"))
		total, _ := strconv.Atoi(q.Get("total"))
		delay, _ := strconv.Atoi(q.Get("delay"))
		if delay < 0 {
			// A loader that never finishes.
			<-r.Context().Done()
			return
		}
		time.Sleep(time.Duration(delay) * time.Millisecond)
		items := []string{}
		for i := off; i < min(off+per, total); i++ {
			items = append(items, fmt.Sprintf("Person %d", i+1))
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "more": off+per < total})
	})
	mux.HandleFunc("GET /list", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><body><main role="main"><div><div id="list" role="list"></div>
<div id="end" style="height:40px"></div><div id="spin" role="progressbar" hidden>Loading…</div>
<div role="button" tabindex="0" id="more" hidden>Show more</div></div></main>
<script>
const button = %t, per = %q, total = %q, delay = %q;
let off = 0, busy = false, done = false;
function load() {
  if (busy || done) return;
  busy = true; document.getElementById('spin').hidden = false; document.getElementById('more').hidden = true;
  fetch('/items?off=' + off + '&per=' + per + '&total=' + total + '&delay=' + delay).then((r) => r.json()).then((d) => {
    for (const name of d.items) { const el = document.createElement('div'); el.setAttribute('role', 'listitem'); el.style.height = '60px'; el.textContent = name; document.getElementById('list').appendChild(el); }
    off += d.items.length; done = !d.more; busy = false;
    document.getElementById('spin').hidden = true;
    document.getElementById('more').hidden = !button || done;
    if (!button && !done) { io.unobserve(end); io.observe(end); }
  });
}
const end = document.getElementById('end');
const io = new IntersectionObserver((es) => { if (!button && es.some((e) => e.isIntersecting)) load(); });
io.observe(end);
document.getElementById('more').addEventListener('click', load);
if (button) load();
</script></body></html>`, q.Has("button"), q.Get("per"), q.Get("total"), q.Get("delay"))
	})
	return mux
}

func TestGrow(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	origin := serve(t, "127.0.0.1:0", listSite())
	b, err := browser.Start(context.Background(), browser.Options{StepTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	site := &Site{Platform: "testsite", Origin: "https://www.example.org", Languages: []string{"en"}}
	item := "[role=main] [role=listitem]"
	cases := []struct {
		name  string
		query string
		list  List
		n     int
		end   bool
		err   error
	}{
		{"scrolled to its end", "per=10&total=57&delay=20", List{CSS: item}, 57, true, nil},
		{"a slow loader is waited for while it shows", "per=10&total=35&delay=400", List{CSS: item}, 35, true, nil},
		{"a Show more button", "button=1&per=10&total=43&delay=20", List{CSS: item, More: []string{"Show more"}}, 43, true, nil},
		{"enough items", "per=10&total=57&delay=20", List{CSS: item, Limit: 25}, 30, true, nil},
		{"out of rounds", "per=10&total=57&delay=20", List{CSS: item, Rounds: 1}, -1, false, nil},
		{"an empty list", "per=10&total=0&delay=20", List{CSS: item}, 0, true, nil},
		{"a loader that never finishes", "per=10&total=57&delay=-1", List{CSS: item, Max: 300 * time.Millisecond}, 0, false, ErrListUnfinished},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Start(context.Background(), b, site, platforms.Account{Platform: "testsite", User: "dr", Origin: origin}, platforms.Options{}, "")
			if err != nil {
				t.Fatal(err)
			}
			defer s.Finish(nil, nil)
			ctx := context.Background()
			if _, err := s.Tab().Load(ctx, origin+"/list?"+c.query); err != nil {
				t.Fatal(err)
			}
			got, err := Grow(ctx, s, s.Tab(), "loading the list", c.list)
			if err != c.err {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			n, err := browser.Eval[int](ctx, s.Tab(), "counting", `document.querySelectorAll('`+item+`').length`)
			if err != nil {
				t.Fatal(err)
			}
			if c.n < 0 {
				// Cut short: fewer than all, however many came in time.
				c.n = min(got.N, 56)
			}
			if got.N != c.n || n != c.n || got.End != c.end {
				t.Fatalf("Grow = %+v with %d shown; want %d items, end %v", got, n, c.n, c.end)
			}
		})
	}
}
