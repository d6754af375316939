package browser

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrProfileBusy means another browser already has the profile open: most
// often a second audit (the app and the command line at once).
var ErrProfileBusy = errors.New("an audit is already running")

// lockName is Chaperone's own lock in a profile. Chromium's SingletonLock
// is taken only once Chromium runs, and a second Chromium on the same
// profile fails with a raw error after it has started; this lock is taken
// first, atomically, and held until Close has cleaned the profile.
const lockName = "chaperone.lock"

// profileLock is a held lock; release frees it.
type profileLock struct {
	f *os.File
}

// lockProfile takes the profile's lock without waiting, or fails with
// ErrProfileBusy.
func lockProfile(dir string) (*profileLock, error) {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("locking the browser profile: %w", err)
	}
	if err := tryLock(f); err != nil {
		f.Close()
		if errors.Is(err, errLocked) {
			return nil, fmt.Errorf("%w (the browser profile %s is in use)", ErrProfileBusy, filepath.Base(dir))
		}
		return nil, fmt.Errorf("locking the browser profile: %w", err)
	}
	return &profileLock{f: f}, nil
}

func (l *profileLock) release() {
	if l != nil && l.f != nil {
		_ = unlock(l.f)
		l.f.Close()
		l.f = nil
	}
}

var errLocked = errors.New("locked by another process")

// chromiumHolder reports a live Chromium that holds the profile through its
// own singleton lock (a symbolic link to "host-pid"), started by something
// other than Chaperone or by an older Chaperone. A lock left by a Chromium
// that died is not a holder: Chromium takes such a lock over.
func chromiumHolder(dir string) error {
	target, err := os.Readlink(filepath.Join(dir, "SingletonLock"))
	if err != nil {
		return nil
	}
	i := strings.LastIndexByte(target, '-')
	if i < 0 {
		return nil
	}
	host, pidText := target[:i], target[i+1:]
	pid, err := strconv.Atoi(pidText)
	if err != nil || pid <= 0 {
		return nil
	}
	if me, err := os.Hostname(); err == nil && host != me {
		return fmt.Errorf("%w (the browser profile %s is open in a Chromium on the computer %q)", ErrProfileBusy, filepath.Base(dir), host)
	}
	if aliveChromium(pid) {
		return fmt.Errorf("%w (a Chromium, process %d, has the browser profile %s open)", ErrProfileBusy, pid, filepath.Base(dir))
	}
	return nil
}

// aliveChromium reports whether process pid runs and is a Chromium: after
// a restart the pid of a stale lock may name another program, and such a
// lock must not block the audit for good. Where /proc cannot say, a live
// process counts.
func aliveChromium(pid int) bool {
	if !alive(pid) {
		return false
	}
	exe, err := os.Readlink(filepath.Join("/proc", strconv.Itoa(pid), "exe"))
	if err != nil {
		return true
	}
	name := strings.ToLower(filepath.Base(strings.TrimSuffix(exe, " (deleted)")))
	return strings.Contains(name, "chrom") || strings.Contains(name, "headless")
}

// singletonFailure reports whether Chromium's start-up output says that it
// found the profile in use: the race lost to a browser that started after
// the checks.
func singletonFailure(msg string) bool {
	for _, s := range []string{"ProcessSingleton", "SingletonLock", "profile appears to be in use", "Opening in existing browser session"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
