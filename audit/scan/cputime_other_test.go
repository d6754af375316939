//go:build !unix

package scan

import "time"

// cpuTime cannot be read here; the benchmarks then report wall-clock
// figures only.
func cpuTime() time.Duration { return 0 }
