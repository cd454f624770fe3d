// Command nsor-verify is nsor's audit-log verifier alone, for a court's or
// an auditor's expert who wants to build and read only what checks the log
// (docs/audit-verify.md). It is the same code as "nsor audit verify" and
// "nsor audit check-proof", and imports nothing of nsor but the record
// encoding.
//
//	nsor-verify verify --data DIR | --database URL [--keys DIR | --pub FILE] [--checkpoint FILE ...] [--checkpoint-dir DIR] [--json]
//	nsor-verify check-proof --pub FILE PROOF.json
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"time"

	"nsor/auditverify"
)

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400) // as nsor runs: fewer collections of the large, short-lived heap
	}
	ctx := context.Background()
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: nsor-verify verify|check-proof [flags]")
		os.Exit(auditverify.ExitUsage)
	}
	switch os.Args[1] {
	case "verify":
		os.Exit(auditverify.MainVerify(ctx, "nsor-verify verify", os.Args[2:], os.Stdout, os.Stderr,
			auditverify.Env{Now: time.Now, Getenv: os.Getenv}))
	case "check-proof":
		os.Exit(auditverify.MainCheckProof(ctx, "nsor-verify check-proof", os.Args[2:], os.Stdout, os.Stderr))
	}
	fmt.Fprintln(os.Stderr, "usage: nsor-verify verify|check-proof [flags]")
	os.Exit(auditverify.ExitUsage)
}
