package disclosure

import (
	"bytes"
	"html/template"
	"strings"

	"nsor"
)

// page is the printable page. The header and the footer are a table's
// head and foot, which browsers repeat on every printed page; the
// watermark, faint, fixed and behind the text, is printed on every page too,
// so that a photograph of any part of any page shows the number and the
// reader. The watermark is not selectable, so it does not pollute copied
// text; the footer follows the body in the document, so a copy of the whole
// page reads in order.
var page = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Disclosure {{.Number}}: {{.Recipient}}</title>
<style>
body{font:11pt/1.45 Georgia,serif;margin:1.5cm 2cm;color:#111;-webkit-print-color-adjust:exact;print-color-adjust:exact}
table.page{border-collapse:collapse;width:100%}
table.page td{padding:0}
header,footer{font:9pt/1.3 sans-serif;border:solid #444;padding:.3em 0}
header{border-width:0 0 1px;margin-bottom:1em}
footer{border-width:1px 0 0;margin-top:1em}
.wm{position:fixed;inset:-50%;z-index:-1;transform:rotate(-30deg);opacity:.07;font:14pt sans-serif;
line-height:3.2;word-spacing:2em;overflow:hidden;pointer-events:none;user-select:none;-webkit-user-select:none}
p{margin:.15em 0}
p.t{font-weight:bold;margin-top:.6em}
@page{margin:1.5cm 2cm}
@media print{body{margin:0}}
</style>
</head>
<body>
<div class="wm" aria-hidden="true">{{range .Watermark}}<span>{{.}}</span> {{end}}</div>
<table class="page">
<thead><tr><td><header>{{range .Header}}<p{{if .Title}} class="t"{{end}}>{{.Text}}</p>
{{end}}</header></td></tr></thead>
<tbody><tr><td><main>{{range .Body}}<p{{if .Title}} class="t"{{end}}>{{.Text}}</p>
{{end}}</main></td></tr></tbody>
<tfoot><tr><td><footer>{{range .Footer}}<p{{if .Title}} class="t"{{end}}>{{.Text}}</p>
{{end}}</footer></td></tr></tfoot>
</table>
</body>
</html>
`))

type htmlLine struct {
	Title bool
	Text  string
}

// HTML renders the printable page: the same marked lines as Text, the
// visible block in the header and the footer, and the watermark.
func (Marker) HTML(r *nsor.Rendering) []byte {
	lines := build(r)
	frame := stream(r)
	data := struct {
		Number, Recipient    string
		Watermark            []string
		Header, Body, Footer []htmlLine
	}{Number: r.Block.Number, Recipient: recipient(r.Block)}
	mark := r.Block.Number + " · " + recipient(r.Block) + " · " + stamp(r.Block.RenderedAt)
	for range 150 {
		data.Watermark = append(data.Watermark, mark)
	}
	// One stream across the whole page, as in Text, so that a copy of any
	// run of lines holds whole frames.
	var texts []string
	for _, l := range lines {
		texts = append(texts, l.text)
	}
	woven := strings.Split(weave(strings.Join(texts, "\n"), frame), "\n")
	for i, l := range lines {
		hl := htmlLine{Title: l.title, Text: woven[i]}
		switch l.part {
		case partHeader:
			data.Header = append(data.Header, hl)
		case partFooter:
			data.Footer = append(data.Footer, hl)
		default:
			data.Body = append(data.Body, hl)
		}
	}
	var b bytes.Buffer
	if err := page.Execute(&b, data); err != nil {
		panic("disclosure: page template: " + err.Error()) // a fault of this package, caught by its tests
	}
	return b.Bytes()
}
