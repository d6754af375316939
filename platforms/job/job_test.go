package job

import (
	"context"
	"errors"
	"testing"

	"chaperone/audit"
	"chaperone/audit/vault"
	"chaperone/platforms/account"
	"chaperone/platforms/networks"
)

func TestOptionsFromAccounts(t *testing.T) {
	dir := t.TempDir()
	kr := vault.Memory()
	store := account.Open(dir, kr)
	for _, a := range []account.Account{
		{Platform: audit.Facebook, User: "gp@example.org"},
		{Platform: audit.X, User: "@gp", Origin: "http://127.0.0.1:1"},
	} {
		if err := store.Add(a); err != nil {
			t.Fatal(err)
		}
	}
	r := &Runner{DataDir: dir, Keyring: kr, Adapters: networks.Adapters()}
	tests := []struct {
		name    string
		spec    Spec
		want    map[audit.Platform]string // platform -> base URL
		wantErr error
	}{
		{"all accounts", Spec{}, map[audit.Platform]string{audit.Facebook: "", audit.X: "http://127.0.0.1:1"}, nil},
		{"one platform", Spec{Platforms: []audit.Platform{audit.X}}, map[audit.Platform]string{audit.X: "http://127.0.0.1:1"}, nil},
		// The account's site, written again: allowed.
		{"endpoint at the same site", Spec{Endpoints: map[audit.Platform]string{audit.X: "http://127.0.0.1:1/"}},
			map[audit.Platform]string{audit.Facebook: "", audit.X: "http://127.0.0.1:1"}, nil},
		// A real account pointed at another site: refused until re-added
		// for it, so its password never goes there.
		{"endpoint at another site", Spec{Endpoints: map[audit.Platform]string{audit.Facebook: "http://127.0.0.1:2"}}, nil, ErrOriginChanged},
		{"no such account", Spec{Platforms: []audit.Platform{audit.TikTok}}, nil, ErrNoAccounts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts, stop, err := r.options(context.Background(), tc.spec)
			defer stop()
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			if len(opts.Targets) != len(tc.want) {
				t.Fatalf("%d targets, want %d", len(opts.Targets), len(tc.want))
			}
			for _, tg := range opts.Targets {
				if u, ok := tc.want[tg.Platform]; !ok || u != tg.Origin {
					t.Errorf("%s: origin %q, want %q", tg.Platform, tg.Origin, u)
				}
				if tg.ProfileDir != store.ProfileDir(tg.Platform, tg.User) {
					t.Errorf("%s: profile dir %q", tg.Platform, tg.ProfileDir)
				}
			}
			if opts.Credentials == nil {
				t.Error("saved accounts must come with their credentials")
			}
		})
	}
}

func TestNoAccounts(t *testing.T) {
	r := &Runner{DataDir: t.TempDir(), Keyring: vault.Memory()}
	if _, err := r.Audit(context.Background(), Spec{}, nil); !errors.Is(err, ErrNoAccounts) {
		t.Fatalf("err = %v, want ErrNoAccounts", err)
	}
}

func TestDemoReviewIsFictionalAndInMemory(t *testing.T) {
	rv, err := demoReview().Review()
	if err != nil {
		t.Fatal(err)
	}
	if len(rv.People) == 0 || len(rv.Practice.Towns) == 0 {
		t.Fatalf("demo review is empty: %d people, towns %v", len(rv.People), rv.Practice.Towns)
	}
}
