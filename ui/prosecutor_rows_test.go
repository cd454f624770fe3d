package ui

import (
	"html/template"
	"strings"
	"testing"
)

// queueRowsTemplate is the template the queue's rows were written by before
// rowsHTML: the reference it is held to.
const queueRowsTemplate = `{{$col := .D.Col}}{{$overdue := .Overdue}}{{with .D}}{{range .Rows}}<tr{{if .Overdue}} class="row-overdue"{{end}}>
<td data-label="{{$col.Request}}"><a href="/prosecutor/requests/{{.RequestID}}">{{.Ref}}</a>{{with .Resubmitted}} <span class="badge">{{.}}</span>{{end}}</td>
<td data-label="{{$col.FIR}}">{{.FIR}} · <span dir="auto">{{.Station}}</span></td>
<td data-label="{{$col.Suspects}}">{{range $i, $s := .Suspects}}{{if $i}}, {{end}}<span dir="auto">{{$s}}</span>{{end}}</td>
<td data-label="{{$col.Left}}">{{if .Overdue}}<span class="overdue"><span class="badge">{{$overdue}}</span> {{.Left}}</span>{{else if .DueSoon}}<span class="soon">{{.Left}}</span>{{else}}{{.Left}}{{end}}<br><small>{{.Due}}</small></td>
<td data-label="{{$col.Earlier}}">{{range .Earlier}}<div><span class="badge">{{.Action}}</span> {{.Ref}} ({{.By}}: <span dir="auto">{{.Suspect}}</span>)</div>{{else}}—{{end}}</td>
</tr>{{end}}{{end}}`

// TestQueueRowsAsTemplate: rowsHTML writes what html/template wrote from the
// rows' template, byte for byte, for rows of every kind (overdue, due soon,
// resubmitted, several suspects, earlier decisions, none) and values that
// must be escaped in text and in attributes: markup, quotes, ampersands,
// right-to-left names. html/template also escapes "+", which needs no
// escaping in text or in a quoted attribute; the comparison allows that one
// difference.
func TestQueueRowsAsTemplate(t *testing.T) {
	hostile := `<script>alert("x")</script> & 'q' +1`
	d := &dppQueueData{}
	d.Col.Request, d.Col.FIR, d.Col.Suspects, d.Col.Left, d.Col.Earlier = "Request", `FIR "no."`, "<Suspects>", "Time & left", "Earlier'"
	d.Rows = []dppQueueRow{
		{RequestID: 7, Ref: "NSOR-2026-000007", FIR: "12/2026", Station: "Model Town", Suspects: []string{"Synthetic One"},
			Overdue: true, Left: "overdue by 2 h 5 min", Due: "due 2026-12-04 10:00",
			Earlier: []dppQueueEarlier{{Action: "rejected", Ref: "NSOR-2026-000003", By: "same CNIC", Suspect: "Synthetic One"},
				{Action: "returned", Ref: hostile, By: "same name", Suspect: hostile}}},
		{RequestID: 8, Ref: hostile, Resubmitted: "submission 2", FIR: hostile, Station: "ماڈل ٹاؤن", Suspects: []string{"عمران مصنوعی", hostile},
			DueSoon: true, Left: "3 h 20 min", Due: hostile},
		{RequestID: 9, Ref: "NSOR-2026-000009", FIR: "1/2026", Station: hostile, Suspects: nil, Left: "40 h 0 min", Due: "due 2026-12-06 09:00"},
	}
	tmpl := template.Must(template.New("rows").Parse(queueRowsTemplate))
	var want strings.Builder
	if err := tmpl.Execute(&want, struct {
		D       *dppQueueData
		Overdue string
	}{d, "OVERDUE <now>"}); err != nil {
		t.Fatal(err)
	}
	got := string(d.rowsHTML("OVERDUE <now>"))
	if w := strings.ReplaceAll(want.String(), "&#43;", "+"); got != w {
		t.Errorf("rowsHTML =\n%s\nwant, as the template wrote it,\n%s", got, w)
	}
	if strings.Contains(got, "<script>") || strings.Contains(got, `"x"`) {
		t.Errorf("rowsHTML left markup or a quote unescaped:\n%s", got)
	}
}
