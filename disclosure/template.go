package disclosure

import "strings"

// slots returns the alternatives of each {one|other} slot of a sentence.
func slots(s sentence) [][2]string {
	var out [][2]string
	rest := s.template
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(rest[i:], '}')
		alt := strings.SplitN(rest[i+1:i+j], "|", 2)
		out = append(out, [2]string{alt[0], alt[1]})
		rest = rest[i+j+1:]
	}
}

// fill writes a sentence with the wording choice[i] in slot i.
func fill(s sentence, choice []bool) string {
	var b strings.Builder
	rest := s.template
	for k := 0; ; k++ {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		j := strings.IndexByte(rest[i:], '}')
		alt := strings.SplitN(rest[i+1:i+j], "|", 2)
		b.WriteString(rest[:i])
		b.WriteString(alt[pick(choice[k])])
		rest = rest[i+j+1:]
	}
}
