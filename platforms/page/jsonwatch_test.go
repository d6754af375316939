package page

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"chaperone/platforms/browser"
)

// The page's own fetches are kept by operation name, whatever the rotating
// ID before it; other paths and other origins are not kept.
func TestWatchJSONKeepsTheNamedOperations(t *testing.T) {
	if testing.Short() || os.Getenv("CHAPERONE_SKIP_BROWSER") == "1" {
		t.Skip("needs Chromium")
	}
	other := serve(t, "127.0.0.2:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"from":"elsewhere"}`)
	}))
	mux := http.NewServeMux()
	mux.HandleFunc("GET /i/api/graphql/{id}/{op}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"op":%q,"id":%q}`, r.PathValue("op"), r.PathValue("id"))
	})
	mux.HandleFunc("GET /list", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><html lang="en"><body><script>
fetch('/i/api/graphql/q1AbC/Followers?variables=%%7B%%7D').then(r => r.json()).then(() => {
  const x = new XMLHttpRequest(); x.open('GET', '/i/api/graphql/Zz9/Following'); x.onload = () => {
    fetch('/i/api/graphql/q1AbC/UserByScreenName').then(() => fetch('%s/i/api/graphql/q1/Followers').catch(() => 0)).then(() => document.body.dataset.done = 1);
  }; x.send();
});</script></body></html>`, other)
	})
	site := serve(t, "127.0.0.1:0", mux)
	b, err := browser.Start(context.Background(), browser.Options{StepTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	tab, err := b.NewTab()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := TakeJSON(ctx, tab, 0); err == nil {
		t.Error("TakeJSON on an unwatched page did not fail")
	}
	if err := WatchJSON(ctx, tab, []string{"Followers", "Following"}); err != nil {
		t.Fatal(err)
	}
	if _, err := tab.Navigate(ctx, site+"/list"); err != nil {
		t.Fatal(err)
	}
	if err := tab.WaitFor(ctx, "waiting for the page's fetches", `document.body.dataset.done === '1'`); err != nil {
		t.Fatal(err)
	}
	got, err := TakeJSON(ctx, tab, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Items) != 2 || got.Over || got.Pending != 0 {
		t.Fatalf("kept %+v, want Followers and Following only", got)
	}
	if f := got.Of("Followers"); len(f) != 1 || !strings.Contains(f[0].Body, `"id":"q1AbC"`) || f[0].Status != 200 {
		t.Errorf("Followers = %+v", f)
	}
	if f := got.Of("Following"); len(f) != 1 || !strings.Contains(f[0].Body, `"op":"Following"`) {
		t.Errorf("Following (XHR) = %+v", f)
	}
	again, err := TakeJSON(ctx, tab, 0)
	if err != nil || len(again.Items) != 0 {
		t.Errorf("a second take = %+v, %v; want nothing", again, err)
	}
	if err := WatchJSON(ctx, tab, []string{"/abs"}); err == nil {
		t.Error("a path given as an operation name was accepted")
	}
}
