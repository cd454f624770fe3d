package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"nsor"
)

func init() { auditCommands["trace"] = auditTrace }

// stdin is where "nsor audit trace -" reads the copied text; tests replace it.
var stdin io.Reader = os.Stdin

// auditTrace answers which disclosure a number or a leaked text is, to whom
// it was rendered and when, as JSON. It runs on the server's machine as the
// operator, with the keys, and is recorded like the API's trace, as the
// operator's (source "cli", detail "operator"); the text is never stored,
// only its keyed hash.
func auditTrace(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("audit trace", flag.ContinueOnError)
	var c config
	c.flags(fs)
	number := fs.String("number", "", "a disclosure number, DN-<year>-<digits>")
	textFile := fs.String("text-file", "", "a file holding text copied from a leaked page")
	opName := operatorFlag(fs)
	if err := c.parse(fs, args, stdout, needKeys); err != nil {
		return err
	}
	q, err := traceQuery(*number, *textFile, fs.Args())
	if err != nil {
		return err
	}
	operator, err := consoleActor("audit trace", *opName)
	if err != nil {
		return err
	}
	svc, db, err := c.openForAudit(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := svc.TraceDisclosure(ctx, operator, q)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(t)
}

// traceQuery reads exactly one of --number, --text-file or "-" (stdin).
func traceQuery(number, textFile string, rest []string) (nsor.TraceQuery, error) {
	usage := usagef("audit trace", "give one of --number N, --text-file F or - (the text on stdin)")
	fromStdin := len(rest) == 1 && rest[0] == "-"
	if len(rest) > 0 && !fromStdin {
		return nsor.TraceQuery{}, usage
	}
	given := 0
	for _, b := range []bool{number != "", textFile != "", fromStdin} {
		if b {
			given++
		}
	}
	if given != 1 {
		return nsor.TraceQuery{}, usage
	}
	if number != "" {
		return nsor.TraceQuery{Number: number}, nil
	}
	r := stdin
	if textFile != "" {
		f, err := os.Open(textFile)
		if err != nil {
			return nsor.TraceQuery{}, err
		}
		defer f.Close()
		r = f
	}
	// One byte over the limit, so that the service refuses an over-long
	// text with its own clear error rather than a silently cut one.
	b, err := io.ReadAll(io.LimitReader(r, nsor.MaxTraceText+1))
	if err != nil {
		return nsor.TraceQuery{}, fmt.Errorf("audit trace: %w", err)
	}
	return nsor.TraceQuery{Text: string(b)}, nil
}
