//go:build !windows

package remind

import "errors"

// The Run key exists only on Windows; an Autostart with GOOS "windows"
// built for another system cannot write it.
var errNoRegistry = errors.New("start at login: the Windows Run key can only be written on Windows")

func setRunKey(name, command string) error { return errNoRegistry }
func deleteRunKey(name string) error       { return errNoRegistry }
func hasRunKey(name string) (bool, error)  { return false, errNoRegistry }
