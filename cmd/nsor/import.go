package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"nsor"
)

// importCmd imports a file of register records as a registrar's batch
// (docs/import.md, docs/adr/0022-bulk-import.md):
//
//	nsor import [--data DIR | --database URL --keys DIR] [--format csv|jsonl] [--batch-name N] FILE
//
// It runs at the server, on the installation's database and keys, but acts
// as a registrar: the registrar's token comes from NSOR_TOKEN (or the file
// NSOR_TOKEN_FILE names), never from the command line, where any user of
// the machine could read it. The batch is that registrar's, so that a
// second registrar must approve it, and the operating system's account is
// named in its audit records besides. Interrupted (Ctrl-C, a kill, a
// crash), it is run again with the same file and resumes after the last
// committed row.
func importCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var c config
	c.flags(fs)
	format := fs.String("format", "", "csv or jsonl; empty: by the file's extension")
	name := fs.String("batch-name", "", "the batch's name, for people (default: the file's name)")
	quiet := fs.Bool("quiet", false, "no progress, only the summary and the rows' problems")
	if err := c.parse(fs, args, stdout, needKeys); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("import", "give the one file to import")
	}
	path := fs.Arg(0)
	f := nsor.ImportFile{Name: *name}
	if f.Name == "" {
		f.Name = filepath.Base(path)
	}
	var err error
	if f.Format, err = nsor.ParseImportFormat(*format, path); err != nil {
		return usagef("import", "%s", nsor.AsError(err).Message)
	}
	secret, err := secretEnv("NSOR_TOKEN")
	if err != nil {
		return err
	}
	if secret == "" {
		return usagef("import", "give a registrar's token in NSOR_TOKEN (or NSOR_TOKEN_FILE): the batch is theirs, and a second registrar approves it")
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Size() > nsor.LimitImportBytes {
		return fmt.Errorf("%s is larger than %d MiB: split it", path, nsor.LimitImportBytes>>20)
	}
	if f.Content, err = os.ReadFile(path); err != nil {
		return err
	}
	svc, db, err := c.openForAudit(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	a, err := svc.Authenticate(ctx, secret, nsor.Client{Source: "cli"})
	if err != nil {
		return err
	}
	op := osOperator()
	a.Operator = &op // named in the audit records beside the registrar; a token is presented, so not "at the console"
	// Biometric files named by the rows are uploaded first, each becoming
	// the stored sample's reference (docs/import.md#biometric-files).
	if f.Content, err = uploadImportSamples(f.Content, f.Format, filepath.Dir(path), importUploader(ctx, svc.UploadSample, a), stdout); err != nil {
		return err
	}
	// The register index, so that the matching engine's likely duplicates
	// are found as the server finds them.
	if _, err := svc.BuildRegisterIndex(ctx); err != nil {
		return err
	}
	bar := newProgress(stdout, *quiet)
	b, err := svc.ImportRecords(ctx, a, f, bar.update)
	bar.finish()
	if b != nil {
		printImport(stdout, b)
	}
	if err != nil {
		return err
	}
	return printImportRows(ctx, stdout, func(after int) (*nsor.ImportReport, error) {
		return svc.ImportReport(ctx, a, b.ID, after, 1000, false)
	})
}

func printImport(w io.Writer, b *nsor.ImportBatch) {
	fmt.Fprintf(w, "batch %d %q (%s): %d rows read to line %d: %d imported, %d invalid, %d duplicates; state %s\n",
		b.ID, b.Name, b.ContentHash[:12], b.Rows, b.LastLine, b.Imported, b.Invalid, b.Duplicates, b.State)
	if b.State == nsor.ImportImported {
		fmt.Fprintln(w, "The imported records are pending: a second registrar checks them, or approves the batch.")
	}
}

// printImportRows prints the report's rows with problems: line, outcome,
// field, code and reason.
func printImportRows(ctx context.Context, w io.Writer, page func(after int) (*nsor.ImportReport, error)) error {
	after := 0
	for {
		rep, err := page(after)
		if err != nil {
			return err
		}
		for _, r := range rep.Rows {
			for _, p := range r.Problems {
				ref := ""
				if r.RecordID != 0 && r.Outcome == nsor.RowDuplicate {
					ref = fmt.Sprintf(" (record %d)", r.RecordID)
				}
				fmt.Fprintf(w, "line %d\t%s%s\t%s\t%s\t%s\n", r.Line, r.Outcome, ref, p.Field, p.Code, p.Message)
			}
			after = r.Line
		}
		if !rep.More || ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// progress shows an import's progress: a bar redrawn in place on a
// terminal, plain lines at most every few seconds otherwise.
type progress struct {
	w        io.Writer
	tty      bool
	quiet    bool
	start    time.Time
	last     time.Time
	startRow int
	drawn    bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	p := &progress{w: w, quiet: quiet, start: time.Now()}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(u nsor.ImportProgress) {
	if p.quiet {
		return
	}
	now := time.Now()
	done := u.Batch.Rows
	if p.last.IsZero() {
		p.startRow = done
		if u.Resumed > 0 {
			fmt.Fprintf(p.w, "resuming batch %d after line %d (%d rows done)\n", u.Batch.ID, u.Batch.LastLine, u.Resumed)
		}
	} else if !p.tty && now.Sub(p.last) < 2*time.Second && done < u.Total {
		return
	}
	p.last = now
	line := progressLine(done, u.Total, done-p.startRow, now.Sub(p.start))
	if p.tty {
		fmt.Fprintf(p.w, "\r%s\x1b[K", line)
		p.drawn = true
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) finish() {
	if p.drawn {
		fmt.Fprintln(p.w)
	}
}

// progressLine is "[#####-----] 45000/100000 rows  3210 rows/s  17s left".
func progressLine(done, total, thisRun int, elapsed time.Duration) string {
	const width = 30
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	n := int(frac * width)
	bar := strings.Repeat("#", n) + strings.Repeat("-", width-n)
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(thisRun) / s
	}
	left := "?"
	if rate > 0 {
		left = time.Duration(float64(total-done) / rate * float64(time.Second)).Round(time.Second).String()
	}
	return fmt.Sprintf("[%s] %d/%d rows  %.0f rows/s  %s left", bar, done, total, rate, left)
}
