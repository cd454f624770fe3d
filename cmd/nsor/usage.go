package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// One convention for every command: "nsor --help", "nsor help", "nsor help
// CMD" and "nsor CMD --help" print the usage to stdout and exit 0; a usage
// error (an unknown command or flag, a missing or conflicting one) says
// what is wrong on stderr and exits 2; a command that runs and fails exits
// 1 (audit verify keeps its own codes: docs/audit-verify.md).

// cmdDoc documents one command or subcommand: the usage text lists them
// all, and a test holds README.md's table of commands to the same list.
type cmdDoc struct {
	name     string // "serve", "audit who"
	synopsis string // its flags, after "nsor NAME"
	does     string
}

// cmdDocs are every command nsor runs, in the order the usage lists them.
var cmdDocs = []cmdDoc{
	{"serve", "[--addr HOST:PORT] [--data DIR] [--database PATH|URL --keys DIR --checkpoint-dir DIR] [--demo] [--tls-cert F --tls-key F] [--dna-frequencies F.csv]", "run the server"},
	{"migrate", "[--data DIR] [--database PATH|URL --keys DIR --checkpoint-dir DIR]", "apply the database migrations (audited)"},
	{"admin bootstrap", "--username U --name N [--data DIR]", "create the first administrator of an installation (audited)"},
	{"keys rotate", "--purpose hmac|seal|audit [--data DIR | --keys DIR]", "rotate a key held outside the database"},
	{"audit verify", "--data DIR | --database URL [--keys DIR | --pub FILE] [--checkpoint FILE ...] [--checkpoint-dir DIR] [--json]", "check the audit log independently of the code that writes it"},
	{"audit accept-rollback", "--data DIR --reason TEXT", "accept that the database was rolled back underneath the installation"},
	{"audit check-proof", "--pub FILE PROOF.json", "check an audit record's inclusion proof offline"},
	{"audit proof", "--data DIR --record ID", "print an audit record's inclusion proof"},
	{"audit who", "--data DIR (--cnic C | --name N | --fir STATION/NUMBER/YEAR | --record ID) [--operator NAME]", "who looked for a person, FIR or register record (audited)"},
	{"audit trace", "--data DIR (--number N | --text-file F | -) [--operator NAME]", "which disclosure a number or a leaked text is (audited)"},
	{"match eval", "--register R.jsonl --queries Q.jsonl [--labels L.jsonl] [--k 10] [--summary FILE]", "search a register file for each query with the matching engine; with labels, its recall and precision"},
	{"match pairs", "[--in FILE.csv] [--schema S] [--threshold T] [--cv]", "score name pairs (CSV with name1,name2 columns) with the matching engine"},
	{"backup", "--data DIR | --database URL --keys DIR --out FILE", "write the database and the public audit keys to one file, online (audited)"},
	{"restore", "--in FILE --data DIR | --database URL --keys DIR --checkpoint-dir DIR [--checkpoint FILE]", "restore a backup, record it in the audit log and verify the result"},
	{"dna rmp", "--frequencies F.csv [--population P] [--theta 0.03] [--formula 4.10|4.1] [--floor 5/2N|none] [--loci codis20|all] PROFILES.csv", "print each profile's random match probability as CSV sample,log10_rmp"},
	{"dna search", "--database PROFILES.csv [--stringency high|moderate|low] [--min-loci 8] [--mismatch] PROBES.csv", "search a profile file with each probe profile, as CSV probe,candidate,shared_loci,mismatch_locus"},
	{"fp compare", "[--ppi N] [--fmr 1e-4] A B", "compare the fingerprints of two files (templates, images, ANSI/NIST-ITL): each finger's score, the fused rate of a tenprint, the threshold"},
	{"fp search", "--gallery DIR [--ppi N] [--fmr 1e-4] [--limit 10] PROBE", "search a folder of fingerprint files with each finger of a probe file, ranked candidates with scores"},
	{"import", "[--data DIR | --database URL --keys DIR] [--format csv|jsonl] [--batch-name N] [--quiet] FILE", "import a file of register records as a registrar's batch (NSOR_TOKEN), resumable (audited)"},
	{"totp", "SECRET", "print the current TOTP code of a secret (demo and testing)"},
	{"version", "", "print the version"},
	{"help", "[COMMAND]", "print this usage, or a command's"},
}

// usage is the text of "nsor --help".
func usage() string {
	var b strings.Builder
	b.WriteString("usage: nsor <command> [flags]\n\ncommands:\n")
	for _, d := range cmdDocs {
		fmt.Fprintf(&b, "  %-22s %s\n", d.name, d.does)
	}
	b.WriteString("\nRun \"nsor <command> --help\" for a command's flags. A usage error exits 2, a command that fails 1.")
	return b.String()
}

// docOf is the documentation of the command name.
func docOf(name string) cmdDoc {
	for _, d := range cmdDocs {
		if d.name == name {
			return d
		}
	}
	return cmdDoc{name: name}
}

// errHelp reports that a command printed its usage on request: exit 0.
var errHelp = errors.New("help printed")

// usageError is a command line nsor cannot run: exit 2, naming the problem.
type usageError struct {
	cmd string // the command, "audit who"
	msg string
}

func (e *usageError) Error() string { return e.msg }

// usagef is a usage error of the command cmd.
func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// parseFlags parses a command's flags: --help prints the command's usage to
// stdout (errHelp), a bad flag is a usage error. The flag package's own
// printing ("flag: help requested", the defaults on stderr) is silenced.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(fs, stdout)
		return errHelp
	}
	if err != nil {
		return usagef(fs.Name(), "%v", err)
	}
	return nil
}

// printHelp prints a command's synopsis, what it does and its flags.
func printHelp(fs *flag.FlagSet, w io.Writer) {
	d := docOf(fs.Name())
	fmt.Fprintf(w, "usage: nsor %s %s\n\n%s.\n", d.name, d.synopsis, d.does)
	if hasFlags(fs) {
		fmt.Fprintln(w, "\nflags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	return n > 0
}

// isHelp reports whether arg asks for help.
func isHelp(arg string) bool {
	switch arg {
	case "-h", "-help", "--help", "help":
		return true
	}
	return false
}

// subcommand checks the subcommand of a group ("nsor audit", "nsor keys")
// that args name: nil when it is one of the group's in cmdDocs; otherwise
// a usage error, or errHelp once --help has listed them.
func subcommand(group string, args []string, stdout io.Writer) error {
	names := []string{}
	for _, d := range cmdDocs {
		if rest, ok := strings.CutPrefix(d.name, group+" "); ok {
			names = append(names, rest)
		}
	}
	switch {
	case len(args) == 0:
		return usagef(group, "which one? nsor %s <%s>", group, strings.Join(names, "|"))
	case isHelp(args[0]):
		fmt.Fprintf(stdout, "usage: nsor %s <command> [flags]\n\ncommands:\n", group)
		for _, n := range names {
			fmt.Fprintf(stdout, "  %-16s %s\n", n, docOf(group+" "+n).does)
		}
		fmt.Fprintf(stdout, "\nRun \"nsor %s <command> --help\" for a command's flags.\n", group)
		return errHelp
	case !slices.Contains(names, args[0]):
		return usagef(group, "unknown command %q; the commands are %s", args[0], strings.Join(names, ", "))
	}
	return nil
}
