package main

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
)

// auditCommands are the subcommands of "nsor audit": the auditor's tools
// that run on the server's machine, over the database and the key files.
var auditCommands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{}

// audit dispatches "nsor audit <command>".
func audit(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || auditCommands[args[0]] == nil {
		names := make([]string, 0, len(auditCommands))
		for name := range auditCommands {
			names = append(names, name)
		}
		sort.Strings(names)
		return fmt.Errorf("usage: nsor audit <%s> [flags]", strings.Join(names, "|"))
	}
	return auditCommands[args[0]](ctx, args[1:], stdout)
}
