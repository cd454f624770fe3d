package ui

import (
	"net/http"
	"strconv"

	"nsor"
)

// The registrar's list of import batches: each with its state, counts,
// who imported it and when, linking to its report, newest first and a
// page at a time (the service's ImportBatches, the API's listing).
func init() {
	addRoutes(func(u *UI) {
		u.mux.HandleFunc("GET /registrar/batches", u.signedIn(u.regBatches))
	})
	addNav("/registrar/batches", "nav.registrar.batches", 35, nsor.RoleRegistrar)
}

// batchesPageSize is the batches of one page of the list.
const batchesPageSize = 50

type regBatchesData struct {
	Items []*nsor.ImportBatch
	Next  int64 // the batch to continue after, 0 on the last page
	Me    int64
}

func (u *UI) regBatches(w http.ResponseWriter, r *http.Request, c *Ctx) error {
	p := nsor.Page{Limit: batchesPageSize}
	if after, err := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64); err == nil && after > 0 {
		p.After = []int64{after}
	}
	page, err := u.app.ImportBatches(r.Context(), c.Actor, p)
	if err != nil {
		return err
	}
	d := &regBatchesData{Items: page.Items, Me: c.Actor.ID()}
	if len(page.Next) == 1 {
		d.Next = page.Next[0]
	}
	u.render(w, c, http.StatusOK, "registrar_batches", nil, d)
	return nil
}
