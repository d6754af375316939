//go:build unix

package export

import (
	"os"
	"syscall"
)

// openNoBlock opens p for reading without waiting on it: a FIFO opened
// this way returns at once instead of blocking until a writer appears, so
// that its type can be checked and it can be refused.
func openNoBlock(p string) (*os.File, error) {
	return os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
