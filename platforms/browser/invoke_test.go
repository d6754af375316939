package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// pages serves /a and /b (plain documents) and /pic.png, counting the
// picture's fetches.
func pages(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var pics atomic.Int32
	mux := http.NewServeMux()
	for _, p := range []string{"/a", "/b"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, `<!doctype html><html lang="en"><body><h1>%s</h1><img id="pic" src="/pic.png" alt="a picture"></body></html>`, r.URL.Path)
		})
	}
	mux.HandleFunc("/pic.png", func(w http.ResponseWriter, r *http.Request) {
		pics.Add(1)
		w.Header().Set("Content-Type", "image/gif")
		_, _ = w.Write(blankGIF)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &pics
}

// openTab is a fresh tab of the shared browser, closed with the test.
func openTab(t *testing.T) *Tab {
	t.Helper()
	tab, err := needBrowser(t).NewTab()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tab.Close)
	return tab
}

// kept reports whether the tab's document holds page code under the
// process's key.
func kept(t *testing.T, tab *Tab) bool {
	t.Helper()
	ok, err := Eval[bool](context.Background(), tab, "looking for kept code",
		`Object.getOwnPropertyNames(window).some((k) => k.startsWith(`+fmt.Sprintf("%q", libKey)+`))`)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func TestInvokeSendsCodeOncePerTab(t *testing.T) {
	srv, _ := pages(t)
	tab := openTab(t)
	ctx := context.Background()
	lib := `({ heading() { return document.querySelector('h1').textContent; }, twice(n) { return 2 * n; } })`

	if _, err := tab.Navigate(ctx, srv.URL+"/a"); err != nil {
		t.Fatal(err)
	}
	if kept(t, tab) {
		t.Fatal("code kept before any call")
	}
	for _, want := range []string{"/a", "/a"} {
		got, err := Invoke[string](ctx, tab, "reading", lib, "heading", nil, false)
		if err != nil || got != want {
			t.Fatalf("heading = %q, %v; want %q", got, err, want)
		}
	}
	// The next document has the code before anything is asked of it.
	if _, err := tab.Navigate(ctx, srv.URL+"/b"); err != nil {
		t.Fatal(err)
	}
	if !kept(t, tab) {
		t.Fatal("the code was not defined in the next document")
	}
	if got, err := Invoke[int](ctx, tab, "doubling", lib, "twice", 21, false); err != nil || got != 42 {
		t.Fatalf("twice(21) = %d, %v", got, err)
	}
	// The page cannot replace what is kept.
	if _, err := Eval[bool](ctx, tab, "tampering", `(() => {
		for (const k of Object.getOwnPropertyNames(window)) if (k.startsWith('__chaperone_')) {
			try { window[k] = { heading: () => 'planted' }; } catch (e) {}
			try { Object.defineProperty(window, k, { value: { heading: () => 'planted' } }); } catch (e) {}
		}
		return true; })()`); err != nil {
		t.Fatal(err)
	}
	if got, err := Invoke[string](ctx, tab, "reading", lib, "heading", nil, false); err != nil || got != "/b" {
		t.Fatalf("after tampering heading = %q, %v; want /b", got, err)
	}
}

func TestInvokeFreshKeepsNothing(t *testing.T) {
	srv, _ := pages(t)
	tab := openTab(t)
	ctx := context.Background()
	lib := `({ echo(v) { return v; } })`
	for _, p := range []string{"/a", "/b"} {
		if _, err := tab.Navigate(ctx, srv.URL+p); err != nil {
			t.Fatal(err)
		}
		got, err := Invoke[string](ctx, tab, "typing", lib, "echo", "not kept", true)
		if err != nil || got != "not kept" {
			t.Fatalf("echo = %q, %v", got, err)
		}
		if kept(t, tab) {
			t.Fatalf("%s: a fresh call left code behind", p)
		}
	}
}

func TestSkipImages(t *testing.T) {
	b := needBrowser(t)
	srv, pics := pages(t)
	ctx := context.Background()
	for _, skip := range []bool{true, false} {
		t.Run(fmt.Sprint("skip=", skip), func(t *testing.T) {
			pics.Store(0)
			tab, err := b.NewPrivateTab() // no cached picture from another run
			if err != nil {
				t.Fatal(err)
			}
			defer tab.Close()
			if skip {
				if err := tab.SkipImages(ctx); err != nil {
					t.Fatal(err)
				}
			}
			doc, err := tab.Load(ctx, srv.URL+"/a")
			if err != nil || !strings.HasSuffix(doc.URL, "/a") {
				t.Fatalf("load: %+v, %v", doc, err)
			}
			if err := tab.WaitFor(ctx, "waiting for the picture", `document.getElementById('pic').complete`); err != nil {
				t.Fatal(err)
			}
			alt, err := Eval[string](ctx, tab, "reading the picture", `document.getElementById('pic').alt`)
			if err != nil || alt != "a picture" {
				t.Fatalf("alt = %q, %v", alt, err)
			}
			want := int32(1)
			if skip {
				want = 0
			}
			if n := pics.Load(); n != want {
				t.Fatalf("the picture was fetched %d times; want %d", n, want)
			}
		})
	}
}
