//go:build !unix

package afis

import "time"

// cpuTime is not read on this system; benchmarks report 0.
func cpuTime() time.Duration { return 0 }
