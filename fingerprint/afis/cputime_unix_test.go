//go:build unix

package afis

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system, on all
// cores: a benchmark's own work on a machine other work shares.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
