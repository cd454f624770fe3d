package main

import (
	"flag"
	"os"
	"os/user"

	"nsor"
)

// operatorFlag is --operator: who is at the console, for the audit record
// of what they ask (docs/adr/0019-console-operator.md). Empty means the
// operating system's account, unless NSOR_OPERATOR says otherwise.
func operatorFlag(fs *flag.FlagSet) *string {
	return fs.String("operator", env("NSOR_OPERATOR", ""),
		"who is asking, as the audit record names them (default: the OS account; required under a shared account such as root)")
}

// sharedAccounts name no one: under them the operator must say who they are.
var sharedAccounts = map[string]bool{"": true, "root": true, "admin": true, "administrator": true, "nsor": true, "postgres": true}

// consoleActor is the operator named by --operator, or by the OS account,
// at this host, acting at the console.
func consoleActor(cmd, name string) (*nsor.Actor, error) {
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
		if sharedAccounts[name] {
			return nil, usagef(cmd, "the OS account %q names no one: say who you are with --operator NAME (or NSOR_OPERATOR); the audit record of this search names its operator", name)
		}
	}
	host, _ := os.Hostname()
	op := nsor.Operator{Name: name, Host: host}
	if !op.Valid() {
		return nil, usagef(cmd, "--operator %q: give a name without spaces or control characters, at most 128 bytes with the host", name)
	}
	return nsor.ConsoleActor(op), nil
}

// osOperator is who runs a command that must not wait on a name (the
// server's own migrations at start, a backup, the first administrator): the
// OS account at this host, whatever it is; --operator on the commands that
// search the audit trail asks for more.
func osOperator() nsor.Operator {
	name := os.Getenv("NSOR_OPERATOR")
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	host, _ := os.Hostname()
	return nsor.Operator{Name: name, Host: host}
}
