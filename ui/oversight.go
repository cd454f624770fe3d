package ui

import (
	"html/template"
	"net/http"

	"nsor"
)

func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /oversight", u.signedIn(u.oversight))
	})
	addNav("/oversight", "nav.oversight", 10, nsor.RoleOversight)
	addNav("/oversight", "nav.oversight", 20, nsor.RoleDPO)
}

// oversightData is the dashboard: the figures by district and their charts.
type oversightData struct {
	Stats  *nsor.Statistics
	Now    *nsor.Dashboard
	Charts []template.HTML
	// Active are the districts that had requests; Quiet counts the others.
	Active []nsor.DistrictStatistics
	Quiet  int
}

// oversight is oversight's main page: by district, the volumes, the share
// forwarded within 48 hours, the turnaround of each stage and the returns
// and rejections week by week, drawn as SVG on the server with the same
// figures as tables; and the districts with no female investigating
// officer.
func (u *UI) oversight(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	st, err := u.app.Statistics(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	now, err := u.app.Dashboard(r.Context(), c.Actor)
	if err != nil {
		return err
	}
	d := &oversightData{Stats: st, Now: now}
	for _, ds := range st.Districts {
		if ds.Requests > 0 {
			d.Active = append(d.Active, ds)
		} else {
			d.Quiet++
		}
	}
	rtl := c.Lang == Urdu
	// Returns and rejections week by week, all districts.
	var weeks []string
	ret, rej := series{Name: c.T("oversight.returns"), Fill: fillBlue}, series{Name: c.T("oversight.rejections"), Fill: fillRed}
	for _, wk := range st.Total.Weeks {
		weeks = append(weeks, wk.Start.In(pkt).Format("01-02"))
		ret.Values = append(ret.Values, float64(wk.Returns))
		rej.Values = append(rej.Values, float64(wk.Rejections))
	}
	d.Charts = append(d.Charts, barChart("ch-weeks", c.T("oversight.chart.weeks"), c.T("oversight.chart.weeks.desc"), weeks,
		[]series{ret, rej}, 0, "", rtl))
	// The share forwarded within 48 hours, by district.
	var names []string
	share := series{Name: c.T("oversight.in48"), Fill: fillGreen}
	for _, ds := range d.Active {
		names = append(names, ds.District)
		share.Values = append(share.Values, max0(ds.ShareIn48h())*100)
	}
	d.Charts = append(d.Charts, barChart("ch-share", c.T("oversight.chart.share"), c.T("oversight.chart.share.desc"), names,
		[]series{share}, 100, "%", rtl))
	// The turnaround of each stage, all districts, in hours.
	var stages []string
	med, p90 := series{Name: c.T("oversight.median"), Fill: fillBlue}, series{Name: c.T("oversight.p90"), Fill: fillRed}
	for _, t := range st.Total.Stages {
		stages = append(stages, c.T("oversight.stage.short."+string(t.Stage)))
		med.Values = append(med.Values, float64(t.Median)/3600)
		p90.Values = append(p90.Values, float64(t.P90)/3600)
	}
	d.Charts = append(d.Charts, barChart("ch-stages", c.T("oversight.chart.stages"), c.T("oversight.chart.stages.desc"), stages,
		[]series{med, p90}, 0, c.T("oversight.h"), rtl))
	u.render(w, c, http.StatusOK, "oversight", nil, d)
	return nil
}

func max0(v float64) float64 {
	if v < 0 {
		return 0
	}
	return v
}

// Share is a district's share forwarded within 48 hours as a percentage,
// or "—" when nothing was forwarded.
func (c *Ctx) Share(d nsor.DistrictStatistics) string {
	s := d.ShareIn48h()
	if s < 0 {
		return "—"
	}
	return formatValue(float64(int(s*1000+.5))/10) + "%"
}
