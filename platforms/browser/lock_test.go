package browser

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestProfileLock(t *testing.T) {
	dir := t.TempDir()
	a, err := lockProfile(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockProfile(dir); !errors.Is(err, ErrProfileBusy) {
		t.Fatalf("second lock: %v, want ErrProfileBusy", err)
	}
	a.release()
	a.release() // twice is harmless
	b, err := lockProfile(dir)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	b.release()
}

// The output Chromium 156 prints when the profile is in use, headless
// (it aborts) and with a window (it hands over to the running one).
func TestSingletonFailure(t *testing.T) {
	for _, tc := range []struct {
		out  string
		busy bool
	}{
		{"chrome failed to start:\n[26195:26195:1202/060725.736401:ERROR:chrome/browser/process_singleton_posix.cc:349] Failed to create /tmp/p4/SingletonLock: File exists (17)\n[26195:26195:1202/060725.736807:ERROR:chrome/app/chrome_main_delegate.cc:624] Failed to create a ProcessSingleton for your profile directory. This means that running multiple instances would start multiple browser processes rather than opening a new window in the existing process. Aborting now to avoid profile corruption.", true},
		{"chrome failed to start:\nOpening in existing browser session.", true},
		{"chrome failed to start:\nThe profile appears to be in use by another Chromium process (4242) on another computer (vm).", true},
		{"chrome failed to start:\n[0321/081807.491906:ERROR:chrome_main_delegate.cc(1164)] Remote debugging pipe file descriptors are not open.", false},
		{"exec: \"chromium\": executable file not found in $PATH", false},
	} {
		if got := singletonFailure(tc.out); got != tc.busy {
			t.Errorf("singletonFailure(%.60q) = %v, want %v", tc.out, got, tc.busy)
		}
	}
}

func TestChromiumHolder(t *testing.T) {
	host, err := os.Hostname()
	if err != nil {
		t.Skip(err)
	}
	for _, tc := range []struct {
		name, target string
		busy         bool
	}{
		{"no lock", "", false},
		{"another computer", "elsewhere-1234", true},
		// This test's own process is alive but is no Chromium: a stale
		// lock whose pid was reused after a restart.
		{"pid of another program", host + "-" + strconv.Itoa(os.Getpid()), false},
		{"dead pid", host + "-999999999", false},
		{"unreadable", "garbage", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.target != "" {
				if err := os.Symlink(tc.target, filepath.Join(dir, "SingletonLock")); err != nil {
					t.Fatal(err)
				}
			}
			err := chromiumHolder(dir)
			if busy := errors.Is(err, ErrProfileBusy); busy != tc.busy {
				t.Errorf("chromiumHolder = %v, want busy=%v", err, tc.busy)
			}
			if tc.busy && !strings.HasPrefix(err.Error(), "an audit is already running") {
				t.Errorf("message %q", err)
			}
		})
	}
}
