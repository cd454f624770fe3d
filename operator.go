package nsor

import (
	"strings"
	"unicode"
)

// Operator is the person at the server's console: whoever runs the nsor
// command on the server's machine, with the database and the keys at hand.
// They have no nsor account; they are named by their operating system's
// account and host, so that what they do (an audit search, a trace) is
// recorded as theirs and not as the system's (docs/adr/0019-console-operator.md).
type Operator struct {
	Name string // the OS account, or what --operator said
	Host string // the machine's name
}

// String is the operator as the audit record names them: "name@host".
func (o Operator) String() string {
	if o.Host == "" {
		return o.Name
	}
	return o.Name + "@" + o.Host
}

// Valid reports whether the operator is named: a name of printable
// characters without spaces, at most 128 bytes in all.
func (o Operator) Valid() bool {
	s := o.String()
	return o.Name != "" && len(s) <= 128 && !strings.ContainsFunc(s, func(r rune) bool {
		return !unicode.IsPrint(r) || unicode.IsSpace(r)
	})
}

// ConsoleActor is the operator acting at the console without an account.
func ConsoleActor(o Operator) *Actor {
	return &Actor{Operator: &o, Source: "cli"}
}

// AtConsole reports whether a acts at the server's console: an operator
// is named and no token was presented. The API always acts with a token,
// so no call over the network is ever taken for the console.
func (a *Actor) AtConsole() bool {
	return a != nil && a.Operator != nil && a.Token == nil
}
