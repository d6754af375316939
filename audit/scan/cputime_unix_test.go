//go:build unix

package scan

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used (user and system), or 0
// when it cannot be read. On a shared machine it is steadier than the
// wall clock: time spent waiting for the core does not count.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
