// Package importgen writes synthetic import files for tests, the import
// benchmark and demonstrations: register records of made-up people (CNICs
// beginning with 98, a range no province issues), with a share of bad rows
// of every kind an import must report, in CSV or JSON lines.
package importgen

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"

	"nsor"
)

// Options say what to write.
type Options struct {
	Rows     int               // rows in all
	BadEvery int               // one row in BadEvery is bad (100: 1%); 0 none
	Seed     uint64            // the same seed writes the same file
	Format   nsor.ImportFormat // csv or jsonl
	Offset   int               // the first row's serial: files with different offsets share no CNIC
}

// Result counts what was written.
type Result struct {
	Good, Bad int
	BadLines  []int // the line of each bad row
}

var (
	given   = strings.Fields("Muhammad Ahmed Ali Hassan Hussain Usman Bilal Imran Kamran Farhan Adnan Asif Tariq Zahid Shahid Naveed Javed Waqas Faisal Rizwan Saqib Sajid Khalid Arshad Amjad Irfan Junaid Nadeem Rashid Shoaib Aamir Zubair Yasir Asad Hamza Talha Umar Fahad Saad Salman")
	middle  = strings.Fields("Abdul Ghulam Muhammad Syed Mian Rana Malik Chaudhry Sheikh Hafiz Qazi Sardar Raja Mirza Khawaja Pir Nawab Haji Sufi Ustad")
	surname = strings.Fields("Khan Butt Virk Cheema Gondal Bajwa Awan Abbasi Qureshi Siddiqui Farooqui Ansari Rajput Jatt Arain Mughal Baloch Khattak Yousafzai Afridi Shinwari Marwat Durrani Lodhi Niazi Gillani Bukhari Naqvi Rizvi Jafri Kazmi Hashmi Alvi Chishti Memon Soomro Bhutto Jatoi Mahar Laghari")
	courts  = []string{"Sessions Court Lahore (synthetic)", "Sessions Court Karachi (synthetic)", "Sessions Court Peshawar (synthetic)", "Sessions Court Quetta (synthetic)"}
)

// Header is the CSV header the generator writes.
var Header = []string{"name", "aliases", "parentage", "cnic", "gender", "date_of_birth", "court", "case_number", "sections", "convicted_on", "address", "district"}

// Write writes the file to w.
func Write(w io.Writer, o Options) (Result, error) {
	r := rand.New(rand.NewPCG(o.Seed, 0x1e9047))
	var res Result
	var cw *csv.Writer
	line := 0
	if o.Format == nsor.ImportCSV {
		cw = csv.NewWriter(w)
		if err := cw.Write(Header); err != nil {
			return res, err
		}
		line++
	}
	enc := json.NewEncoder(w)
	for i := range o.Rows {
		line++
		in := Record(r, o.Offset+i)
		bad := o.BadEvery > 0 && i%o.BadEvery == o.BadEvery-1
		var raw string
		if bad {
			res.Bad++
			res.BadLines = append(res.BadLines, line)
			raw = spoil(&in, (i/o.BadEvery)%8, o.Format)
		} else {
			res.Good++
		}
		var err error
		switch {
		case raw != "":
			_, err = io.WriteString(w, raw+"\n")
		case cw != nil:
			err = cw.Write(row(&in))
			if err == nil {
				cw.Flush()
				err = cw.Error()
			}
		default:
			err = enc.Encode(&in)
		}
		if err != nil {
			return res, err
		}
	}
	if cw != nil {
		cw.Flush()
		return res, cw.Error()
	}
	return res, nil
}

// Record is the synthetic register record of serial n: a man with a CNIC
// of his own (98 and the serial), a full date of birth, a father, and one
// conviction.
func Record(r *rand.Rand, n int) nsor.RecordInput {
	name := given[r.IntN(len(given))] + " " + middle[r.IntN(len(middle))] + " " + surname[r.IntN(len(surname))]
	father := given[r.IntN(len(given))] + " " + surname[r.IntN(len(surname))]
	d := fmt.Sprintf("98%010d", n) // 12 digits; the 13th, odd, says male
	cnic := d[:5] + "-" + d[5:12] + "-" + fmt.Sprint(1+2*(n%5))
	in := nsor.RecordInput{Name: name, CNIC: cnic, Gender: "male",
		DOB:       fmt.Sprintf("%d-%02d-%02d", 1955+r.IntN(50), 1+r.IntN(12), 2+r.IntN(27)),
		Parentage: []nsor.Parentage{{Relation: "S/O", Name: father}},
		Convictions: []nsor.Conviction{{Court: courts[r.IntN(len(courts))], CaseNumber: fmt.Sprintf("Sessions Case %d/%d", 1+n%997, 2000+r.IntN(25)),
			Sections: []string{"376 PPC"}, ConvictedOn: nsor.Date(fmt.Sprintf("20%02d-%02d-%02d", 5+r.IntN(20), 1+r.IntN(12), 1+r.IntN(28)))}},
		Addresses: []nsor.Address{{Address: fmt.Sprintf("House %d, Street %d (synthetic)", 1+r.IntN(900), 1+r.IntN(60)), District: "Lahore"}}}
	if r.IntN(10) == 0 {
		in.Aliases = []string{given[r.IntN(len(given))] + " " + surname[r.IntN(len(surname))]}
	}
	return in
}

// row is a record as the CSV columns of Header.
func row(in *nsor.RecordInput) []string {
	var c nsor.Conviction
	if len(in.Convictions) > 0 {
		c = in.Convictions[0]
	}
	var parent []string
	for _, p := range in.Parentage {
		parent = append(parent, p.Relation+" "+p.Name)
	}
	addr, district := "", ""
	if len(in.Addresses) > 0 {
		addr, district = in.Addresses[0].Address, in.Addresses[0].District
	}
	return []string{in.Name, strings.Join(in.Aliases, ";"), strings.Join(parent, ";"), in.CNIC, in.Gender, in.DOB,
		c.Court, c.CaseNumber, strings.Join(c.Sections, ";"), string(c.ConvictedOn), addr, district}
}

// spoil makes a row bad in one of eight ways; it returns the raw line for
// the kinds that are not a record at all.
func spoil(in *nsor.RecordInput, kind int, f nsor.ImportFormat) string {
	switch kind {
	case 0: // a line that is not a record
		if f == nsor.ImportCSV {
			return `"unclosed quote,` + in.Name
		}
		return `{"name": "` + in.Name + `", "cnic": `
	case 1:
		in.Convictions = nil
	case 2:
		in.CNIC = "12345"
	case 3:
		in.DOB = "2199-01-01"
	case 4:
		in.Name = strings.Repeat("Abdul ", 2000)[:10000]
	case 5:
		in.Name = "Ali\x07 Khan"
	case 6:
		in.Gender = "unknown-gender"
	case 7:
		in.Convictions[0].ConvictedOn = "yesterday"
	}
	return ""
}
