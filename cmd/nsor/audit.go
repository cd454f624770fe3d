package main

import (
	"context"
	"io"
)

// auditCommands are the subcommands of "nsor audit": the auditor's tools
// that run on the server's machine, over the database and the key files.
var auditCommands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{}

// audit dispatches "nsor audit <command>".
func audit(ctx context.Context, args []string, stdout io.Writer) error {
	if err := subcommand("audit", args, stdout); err != nil {
		return err
	}
	return auditCommands[args[0]](ctx, args[1:], stdout)
}
