package ui

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts drawn on the server as inline SVG: no script, no style attribute
// (the CSP forbids inline style; SVG presentation attributes are markup).
// Each chart is an image with a title and a description naming what it
// shows; the page gives its figures as a table too.

// series is one set of bars of a chart: a value per label.
type series struct {
	Name   string
	Fill   string
	Values []float64
}

// Colours with at least 3:1 contrast against the white page (WCAG 1.4.11).
const (
	fillBlue  = "#0b4f8a"
	fillRed   = "#a4001c"
	fillGreen = "#1d6b32"
)

// barChart draws grouped vertical bars: one group per label, one bar per
// series, a scale from 0 to the largest value (or max when it is above 0),
// and a legend. id makes the title's and description's IDs unique.
func barChart(id, title, desc string, labels []string, ss []series, max float64, unit string, rtl bool) template.HTML {
	const w, h, left, bottom, top = 640.0, 260.0, 48.0, 48.0, 28.0
	if max <= 0 {
		for _, s := range ss {
			for _, v := range s.Values {
				max = math.Max(max, v)
			}
		}
	}
	if max <= 0 {
		max = 1
	}
	esc := template.HTMLEscapeString
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" role="img" viewBox="0 0 %g %g" width="%g" height="%g" aria-labelledby="%s-t %s-d" xmlns="http://www.w3.org/2000/svg">`, w, h, w, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(desc))
	plotW, plotH := w-left-8, h-bottom-top
	// Axis and scale.
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#1b1b1b"/>`, left, top, left, top+plotH)
	fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#1b1b1b"/>`, left, top+plotH, left+plotW, top+plotH)
	for _, f := range []float64{0, .5, 1} {
		y := top + plotH - f*plotH
		fmt.Fprintf(&b, `<text x="%g" y="%g" text-anchor="end">%s</text>`, left-4, y+4, esc(formatValue(f*max)+unit))
		if f > 0 {
			fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="#8a8a8a" stroke-dasharray="3 3"/>`, left, y, left+plotW, y)
		}
	}
	n := len(labels)
	if n == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	group := plotW / float64(n)
	bar := math.Max(2, (group-6)/float64(max1(len(ss))))
	for i, l := range labels {
		gi := i
		if rtl { // an Urdu page reads the groups from the right
			gi = n - 1 - i
		}
		x0 := left + float64(gi)*group + 3
		for k, s := range ss {
			v := 0.0
			if i < len(s.Values) {
				v = math.Max(0, s.Values[i])
			}
			bh := v / max * plotH
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s: %s %s</title></rect>`,
				x0+float64(k)*bar, top+plotH-bh, bar-1, bh, s.Fill, esc(l), esc(s.Name), esc(formatValue(v)+unit))
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" text-anchor="middle">%s</text>`, x0+group/2-3, top+plotH+14, esc(l))
	}
	// Legend.
	x := left
	for _, s := range ss {
		fmt.Fprintf(&b, `<rect x="%g" y="%g" width="10" height="10" fill="%s"/><text x="%g" y="%g">%s</text>`, x, h-18, s.Fill, x+14, h-9, esc(s.Name))
		x += 14 + float64(len([]rune(s.Name)))*7 + 16
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// formatValue writes a figure with at most one decimal.
func formatValue(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.1f", v)
}
