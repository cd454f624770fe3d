//go:build unix

// Package benchenv reads what the benchmarks print beside their figures:
// the CPU time the process has used (on a machine other work shares, the
// CPU time of an operation says what its wall time cannot) and the
// machine's load average.
package benchenv

import (
	"syscall"
	"time"
)

// CPUTime is the CPU time the process has used, user and system, on all
// cores.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
