package ui

import (
	"time"
)

// pkt is Pakistan Standard Time (UTC+5, no daylight saving), the time of
// every page.
var pkt = time.FixedZone("PKT", 5*3600)

// Time is t as the pages show it, in Pakistan time; "" for the zero time.
func (c *Ctx) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(pkt).Format("2006-01-02 15:04")
}

// Date is t's date in Pakistan time.
func (c *Ctx) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(pkt).Format("2006-01-02")
}

// Left is the time from now until t in hours and minutes ("3 h 20 min"),
// or the time since t with the overdue mark when t has passed.
func (c *Ctx) Left(t time.Time) string {
	d := t.Sub(c.now())
	key := "time.left"
	if d < 0 {
		d, key = -d, "time.overdue"
	}
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	return c.T(key, h, m)
}

// Overdue reports whether t has passed.
func (c *Ctx) Overdue(t time.Time) bool { return !t.IsZero() && c.now().After(t) }

func (c *Ctx) now() time.Time { return c.u.opts.Now() }
