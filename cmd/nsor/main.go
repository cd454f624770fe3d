// Command nsor serves, migrates and administers the National Sex Offenders
// Register. It is the only place that reads the environment or the wall
// clock, and that wires the adapters together.
//
//	nsor serve   [--addr HOST:PORT] [--data DIR] [--database URL] [--demo]
//	nsor migrate [--data DIR] [--database URL]
//	nsor admin bootstrap --username NAME --name "FULL NAME" [--data DIR]
//	nsor keys rotate --purpose hmac|seal [--data DIR]
//	nsor backup  --data DIR | --database URL --out FILE
//	nsor restore --in FILE --data DIR | --database URL [--checkpoint FILE]
//	nsor totp SECRET
//	nsor version
package main

import (
	"context"
	"errors"
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
	"backup":  backupCmd,
	"restore": restoreCmd,
	"version": func(context.Context, []string, io.Writer) error { fmt.Println("nsor", version); return nil },
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || commands[args[0]] == nil {
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if err := commands[args[0]](ctx, args[1:], stdout); err != nil {
		var status exitStatus
		if errors.As(err, &status) {
			return int(status) // the command has said why
		}
		var e *nsor.Error
		if errors.As(err, &e) {
			fmt.Fprintf(stderr, "nsor %s: %s (%s)\n", args[0], e.Message, e.Code)
			for _, f := range e.Fields {
				fmt.Fprintf(stderr, "  %s: %s\n", f.Field, f.Message)
			}
		} else {
			fmt.Fprintf(stderr, "nsor %s: %v\n", args[0], err)
		}
		return 1
	}
	return 0
}

const usage = `usage: nsor <command> [flags]

commands:
  serve      run the server (--addr, --data, --database, --demo)
  migrate    apply the database migrations
  admin      bootstrap the first administrator of an installation
  keys       rotate the keys held outside the database
  audit      the auditor's tools over the audit log (verify, check-proof, who, trace, proof)
  backup     write the database and the public audit keys to one file, online
  restore    restore a backup, record it in the audit log and verify the result
  totp       print the current TOTP code of a secret (demo and testing)
  version    print the version

Run "nsor <command> -h" for a command's flags.`
