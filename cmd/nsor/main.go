// Command nsor serves, migrates and administers the National Sex Offenders
// Register. It is the only place that reads the environment or the wall
// clock, and that wires the adapters together.
//
// "nsor help" lists every command (usage.go, cmdDocs); "nsor CMD --help"
// gives a command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"nsor"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// gcPercent is the garbage collector's target unless GOGC says otherwise.
// The store's single writer pays for every collection it assists in; at the
// default of 100 the heap of a busy server is collected several times a
// second, and nsorbench measured 15-40% more procedures per second at 400
// (docs/benchmarks.md). The heap stays a few tens of megabytes.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// commands are the subcommands, each with its own flags.
var commands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{
	"serve":   serve,
	"migrate": migrate,
	"admin":   admin,
	"keys":    keysCmd,
	"totp":    totp,
	"audit":   audit,
	"match":   matchCmd,
	"backup":  backupCmd,
	"restore": restoreCmd,
	"import":  importCmd,
	"version": versionCmd,
	"dna":     dnaCmd,
	"fp":      fpCmd,
}

// run runs the command line args and returns the exit status: 0 done (or
// help printed), 1 the command failed, 2 a usage error (usage.go).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	switch {
	case len(args) == 0:
		fmt.Fprintln(stderr, usage())
		return 2
	case isHelp(args[0]) && len(args) > 1 && args[0] == "help":
		return run(ctx, append(args[1:], "--help"), stdout, stderr) // nsor help CMD [SUB]
	case isHelp(args[0]):
		fmt.Fprintln(stdout, usage())
		return 0
	case commands[args[0]] == nil:
		fmt.Fprintf(stderr, "nsor: unknown command %q\nRun \"nsor help\" for the commands.\n", args[0])
		return 2
	}
	ctx = context.WithValue(ctx, stderrKey{}, stderr)
	return report(args[0], commands[args[0]](ctx, args[1:], stdout), stderr)
}

// report turns a command's error into its exit status, saying why on
// stderr.
func report(command string, err error, stderr io.Writer) int {
	var status exitStatus
	var ue *usageError
	var e *nsor.Error
	switch {
	case err == nil, errors.Is(err, errHelp):
		return 0
	case errors.As(err, &status):
		return int(status) // the command has said why
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "nsor %s: %s\nRun \"nsor %s --help\" for its usage.\n", ue.cmd, ue.msg, ue.cmd)
		return 2
	case errors.As(err, &e):
		fmt.Fprintf(stderr, "nsor %s: %s (%s)\n", command, e.Message, e.Code)
		for _, f := range e.Fields {
			fmt.Fprintf(stderr, "  %s: %s\n", f.Field, f.Message)
		}
	default:
		fmt.Fprintf(stderr, "nsor %s: %v\n", command, err)
	}
	return 1
}

func versionCmd(_ context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if err := parseFlags(fs, args, stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("version", "unexpected argument %q", fs.Arg(0))
	}
	fmt.Fprintln(stdout, "nsor", version)
	return nil
}
