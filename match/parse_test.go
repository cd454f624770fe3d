package match

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

func TestParseMarkers(t *testing.T) {
	for _, tt := range []struct {
		in        string
		titles    []string
		parts     []string
		aliases   []string
		parentage []Parent
	}{
		{"Ch. Muhammad Zubair s/o Abdul Rehman", []string{"Ch."}, []string{"muhammad", "zubair"}, nil, []Parent{{"s/o", "Abdul Rehman"}}},
		{"Ahmed alias Mithu son of Bashir Ahmed r/o Lahore", nil, []string{"ahmad"}, []string{"Mithu"}, []Parent{{"s/o", "Bashir Ahmed"}}},
		{"Ahmed@Mithu", nil, []string{"ahmad"}, []string{"Mithu"}, nil},
		{"Nasreen Bibi W/O Muhammad Akram", nil, []string{"nasreen", "bibi"}, nil, []Parent{{"w/o", "Muhammad Akram"}}},
		{"Ayesha daughter of Karim urf Kaka", nil, []string{"ayesha"}, nil, []Parent{{"d/o", "Karim urf Kaka"}}},
		{"Zubair bin Ali", nil, []string{"zubair"}, nil, []Parent{{"s/o", "Ali"}}},
		{"Bin Yamin", nil, []string{"bin", "yamin"}, nil, nil},
		{"سید محمد زبیر ولد عبدالرحمن", []string{"Syed"}, []string{"muhammad", "zubair"}, nil, []Parent{{"s/o", "عبدالرحمن"}}},
		{"فاطمہ بنت اسلم", nil, []string{"fatima"}, nil, []Parent{{"d/o", "اسلم"}}},
		{"M. Akram aka Akku", nil, []string{"muhammad", "akram"}, []string{"Akku"}, nil},
		{"Abd-ur-Rehman", nil, []string{"abd", "rahman"}, nil, nil},
		{"Abdurrahman", nil, []string{"abd", "rahman"}, nil, nil},
		{"Abdulghani", nil, []string{"abd", "ghani"}, nil, nil},
		{"Noor-ud-Din", nil, []string{"noor", "uddin"}, nil, nil},
		{"Inayatullah", nil, []string{"inayat", "ullah"}, nil, nil},
		{"Gh. Rasool", nil, []string{"ghulam", "rasool"}, nil, nil},
		{"Malik", nil, []string{"malik"}, nil, nil},
	} {
		p, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !slices.Equal(p.Titles, tt.titles) || !slices.Equal(p.Parts, tt.parts) || !slices.Equal(p.Aliases, tt.aliases) || !slices.Equal(p.Parentage, tt.parentage) {
			t.Errorf("Parse(%q) = titles %q parts %q aliases %q parentage %q; want %q %q %q %q",
				tt.in, p.Titles, p.Parts, p.Aliases, p.Parentage, tt.titles, tt.parts, tt.aliases, tt.parentage)
		}
		if len(p.Steps) == 0 || p.Steps[len(p.Steps)-1].Step != "parts" {
			t.Errorf("Parse(%q): steps %v do not end with the parts", tt.in, p.Steps)
		}
	}
}

func TestParseSkeletons(t *testing.T) {
	for _, g := range [][2]string{
		{"muhammad", "محمد"}, {"mohammed", "محمد"}, {"zubair", "زبیر"}, {"usman", "عثمان"}, {"osman", "عثمان"},
		{"khan", "خان"}, {"ghulam", "غلام"}, {"shah", "شاہ"}, {"bhatti", "بھٹی"}, {"qasim", "قاسم"}, {"kasim", "قاسم"},
		{"rizwan", "رضوان"}, {"rizvan", "رضوان"}, {"ali", "علي"},
	} {
		if l, u := latinSkeleton(g[0]), urduSkeleton(g[1]); l != u {
			t.Errorf("skeleton %s = %q, of %s = %q; want the same", g[0], l, g[1], u)
		}
	}
	if latinSkeleton("akram") == latinSkeleton("asghar") {
		t.Error("different names share a skeleton")
	}
}

func TestScripts(t *testing.T) {
	for in, want := range map[string]Script{
		"Muhammad Ali": Latin, "محمد علی": Urdu, "محمد علي": Arabic, "Muhammad علی": Mixed, "Мухаммад": Other,
	} {
		p, err := Parse(in)
		if err != nil || p.Script != want {
			t.Errorf("Parse(%q).Script = %q, %v; want %q", in, p.Script, err, want)
		}
	}
	// Arabic letter forms read as the Urdu ones.
	a, _ := Parse("محمد علي")
	u, _ := Parse("محمد علی")
	if !slices.Equal(a.Parts, u.Parts) {
		t.Errorf("Arabic %q and Urdu %q parts differ", a.Parts, u.Parts)
	}
}

// TestParseBadInput: every bad name is a clear error or a documented
// treatment, never a crash.
func TestParseBadInput(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"", ErrNameEmpty},
		{"   ", ErrNameEmpty},
		{"12345", ErrNameEmpty},
		{"s/o", ErrNameEmpty},
		{"\x00\x01\u200f", ErrNameEmpty},
		{strings.Repeat("a", 10000), ErrNameTooLong},
		{strings.Repeat("Ali ", 60), ErrNameTooLong},
		{"\xff\xfeAli", nil},
		{"Al\u200bi\x07 Khan", nil},
		{"Syed Hafiz", nil}, // titles only: the last is the name
	} {
		_, err := Parse(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("Parse(%q) = %v, want %v", tt.in, err, tt.want)
		}
	}
	p, _ := Parse("Al\u200bi\x07 Khan")
	if !slices.Equal(p.Parts, []string{"ali", "khan"}) {
		t.Errorf("control characters not removed: %q", p.Parts)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"Ch. Muhammad Zubair s/o Abdul Rehman", "محمد زبیر ولد عبدالرحمن", "Ahmed @ Mithu son of",
		"bin bin bin", "@@@", "s/o s/o", "Abd", "ullah", "عبدال", "اللہ", "ﷲ", "\u0627\u0651", "x@y alias z urf", "Mohd.-ur-Rehman-ud-din"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			if !IsInputError(err) {
				t.Fatalf("Parse(%q): error %v is not an input error", s, err)
			}
			return
		}
		if len(p.Parts) == 0 || len(p.Parts) != len(p.toks) {
			t.Fatalf("Parse(%q): parts %q", s, p.Parts)
		}
		for _, tk := range p.toks {
			if tk.text == "" {
				t.Fatalf("Parse(%q): an empty part", s)
			}
		}
		// Whatever parses scores, against itself and another name, with
		// reasons that add up.
		for _, other := range []string{s, "Muhammad Zubair s/o Abdul Rehman"} {
			c, err := ScoreNames(s, other)
			if err != nil {
				t.Fatalf("ScoreNames(%q, %q): %v", s, other, err)
			}
			sum := 0.0
			for _, r := range c.Reasons {
				sum += r.Weight
			}
			if math.Abs(sum-c.Score) > 1e-9 || math.IsNaN(c.Score) {
				t.Fatalf("ScoreNames(%q, %q): reasons %v, score %v", s, other, c.Reasons, c.Score)
			}
		}
	})
}
