//go:build unix

// Package cputime reads the CPU time a process has used, for the
// benchmarks: on a machine other work shares, the CPU time of an operation
// says what its wall time cannot.
package cputime

import (
	"syscall"
	"time"
)

// Process is the CPU time the process has used, user and system, on all
// cores.
func Process() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
