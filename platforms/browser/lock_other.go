//go:build !unix && !windows

package browser

import "os"

// No file locks here: only Chromium's own singleton stands between two
// browsers, and its failure is still reported as ErrProfileBusy.
func tryLock(*os.File) error { return nil }
func unlock(*os.File) error  { return nil }
func alive(int) bool         { return false }
