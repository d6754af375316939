package app

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"chaperone/audit/vault"
	"chaperone/audit/watchlist"
)

func TestReviewTabLostKeyOffersANewWatchlist(t *testing.T) {
	kr := vault.Memory()
	dir := t.TempDir()
	before := watchlist.Open(kr, dir)
	if _, err := before.Add(reviewPeople...); err != nil {
		t.Fatal(err)
	}
	if err := kr.Delete(vault.Service, "key:"+watchlist.BoxName); err != nil {
		t.Fatal(err)
	}
	old, err := os.ReadFile(filepath.Join(before.Dir(), "list.sealed"))
	if err != nil {
		t.Fatal(err)
	}

	h := newReviewHarness(t, kr, dir, nil)
	h.mustShow(t, "Your watch-list cannot be opened", "Start a new watch-list…")
	h.mustNotShow(t, "vault", `key "watchlist"`)
	h.tapButton(t, "Start a new watch-list…")
	h.mustShow(t, "nothing is deleted", watchlist.SetAsidePrefix+"2026-03-02")
	h.tapButton(t, "Start a new watch-list")
	h.tab.bg.Wait()

	kept := filepath.Join(dir, watchlist.SetAsidePrefix+"2026-03-02")
	if got, err := os.ReadFile(filepath.Join(kept, "list.sealed")); err != nil || !bytes.Equal(got, old) {
		t.Fatalf("the old watch-list was not kept as it was: %v", err)
	}
	h.mustShow(t, "Your watch-list is empty.", "Started a new watch-list")
	h.mustNotShow(t, "Start a new watch-list…")
	if _, err := h.store.Add(reviewPeople[0]); err != nil {
		t.Fatalf("adding to the new watch-list: %v", err)
	}
}
