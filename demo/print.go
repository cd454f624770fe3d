package demo

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"nsor"
)

// requestLine is a seeded request as the guide prints it.
type requestLine struct {
	r    *nsor.Request
	c    *caseSpec
	next string
}

// print writes the guide: every block starts with the banner, so that no
// part of it, copied on its own, passes for real data.
func (s *seeder) print(w io.Writer) error {
	var b strings.Builder
	s.printUsers(&b)
	s.printStations(&b)
	s.printRegister(&b)
	s.printRequests(&b)
	_, err := io.WriteString(w, b.String())
	return err
}

func table(b *strings.Builder) *tabwriter.Writer { return tabwriter.NewWriter(b, 0, 0, 2, ' ', 0) }

func (s *seeder) printUsers(b *strings.Builder) {
	fmt.Fprintf(b, "%s\nUsers. Sign in with the password and the current code of the TOTP secret (nsor totp SECRET).\n", Banner)
	t := table(b)
	fmt.Fprintln(t, "USERNAME\tROLE\tJURISDICTION\tNAME\tPASSWORD\tTOTP SECRET")
	for _, name := range s.usernames {
		acc := s.out.Users[name]
		u := acc.User
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Username, u.Role, acc.Jurisdiction.Name, u.Name, acc.Password, acc.TOTPSecret)
	}
	t.Flush()
	b.WriteString("\n")
}

func (s *seeder) printStations(b *strings.Builder) {
	fmt.Fprintf(b, "%s\nPolice stations added to the hierarchy.\n", Banner)
	t := table(b)
	fmt.Fprintln(t, "ID\tCODE\tSTATION\tDISTRICT")
	for _, st := range s.out.Stations {
		fmt.Fprintf(t, "%d\t%s\t%s\t%s\n", st.ID, st.Code, st.Name, s.byID[st.ParentID].Name)
	}
	t.Flush()
	b.WriteString("\n")
}

func (s *seeder) printRegister(b *strings.Builder) {
	serial := 0
	for _, r := range s.records {
		if len(r.in.Convictions) >= 2 {
			serial++
		}
	}
	fmt.Fprintf(b, "%s\nRegister: %d records entered by registrar1; %d checked by registrar2, %d serial offenders.\n",
		Banner, len(s.records), len(s.out.Records), serial)
	fmt.Fprintf(b, "Records %s await a second registrar: sign in as registrar2 to check them.\n", ids(s.out.PendingRecords))
	b.WriteString("Every CNIC begins with 9, which no province issues: no real person can match.\n\n")
}

func (s *seeder) printRequests(b *strings.Builder) {
	fmt.Fprintf(b, "%s\nFIRs and requests.\n", Banner)
	t := table(b)
	fmt.Fprintln(t, "REQUEST\tSTATE\tFIR\tSTATION\tOFFICER\tSUSPECTS\tNEXT")
	for _, l := range s.lines {
		fmt.Fprintf(t, "%s\t%s\t%s/%d\t%s\t%s\t%d\t%s\n", l.r.Ref, l.r.State, l.c.fir.Number, l.c.fir.Year,
			l.c.station.Name, l.c.io, len(l.r.Suspects), l.next)
	}
	t.Flush()
}

func ids(xs []int64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}
