//go:build unix

package vault

import (
	"path/filepath"
	"syscall"
	"testing"
)

// specialFiles makes a named pipe to write over.
func specialFiles(t *testing.T, dir string) []struct{ path, kind string } {
	fifo := filepath.Join(dir, "pipe.ics")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	return []struct{ path, kind string }{{fifo, "a named pipe (FIFO)"}}
}
