package main

import (
	"context"
	"io"
	"os"
	"strconv"

	"nsor/auditverify"
)

// "nsor audit verify" and "nsor audit check-proof" are package auditverify's
// commands, which imports nothing of the writer (cmd/nsor-verify builds
// them alone). They exit 0 when all holds, 1 when tampering is found, 2
// when they cannot verify, and verify 3 when the log holds only in part
// (docs/audit-verify.md).
func init() {
	auditCommands["verify"] = auditVerify
	auditCommands["check-proof"] = auditCheckProof
}

func auditVerify(ctx context.Context, args []string, stdout io.Writer) error {
	return exitCode(auditverify.MainVerify(ctx, "nsor audit verify", args, stdout, stderrOf(ctx),
		auditverify.Env{Now: wallClock.Now, Getenv: os.Getenv}))
}

func auditCheckProof(ctx context.Context, args []string, stdout io.Writer) error {
	return exitCode(auditverify.MainCheckProof(ctx, "nsor audit check-proof", args, stdout, stderrOf(ctx)))
}

// stderrKey carries, in the context, the stderr run was given: the
// commands that say why they fail themselves (the verifier's) write there.
type stderrKey struct{}

func stderrOf(ctx context.Context) io.Writer {
	if w, ok := ctx.Value(stderrKey{}).(io.Writer); ok {
		return w
	}
	return os.Stderr
}

// exitStatus is a command's exit code when the command has already said
// why on stderr.
type exitStatus int

func (e exitStatus) Error() string { return "exit status " + strconv.Itoa(int(e)) }

func exitCode(code int) error {
	if code == 0 {
		return nil
	}
	return exitStatus(code)
}
