//go:build !unix

// Package benchenv reads what the benchmarks print beside their figures:
// the CPU time the process has used (on a machine other work shares, the
// CPU time of an operation says what its wall time cannot) and the
// machine's load average.
package benchenv

import "time"

// CPUTime is not read on this system: 0.
func CPUTime() time.Duration { return 0 }
