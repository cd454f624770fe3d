package web_test

import (
	"testing"

	"nsor"
)

// TestRulesRefused: the rules of docs/rules.md that no other refusal table
// shows, each refused with its code and field and leaving nothing written:
// a return, rejection or withdrawal needs its reason (docs/rules.md#r6); a
// forward needs every item of the checklist (docs/rules.md#r15); a register
// record holds a convicted offender with consistent dates
// (docs/rules.md#r22).
func TestRulesRefused(t *testing.T) {
	g := newGateWith(t, nil, "submit")
	e := g.e
	maker := e.login(g.c.registrar1)
	at := func(action string, body map[string]any) func() error {
		return func() error {
			cur, err := g.dpp.Request(e.ctx, g.id)
			if err != nil {
				return err
			}
			body["version"] = cur.Version
			who := g.dpp
			if action == "withdraw" {
				who = g.io
			}
			_, err = who.Act(e.ctx, g.id, action, body)
			return err
		}
	}
	partial := map[string]any{"fir_copy_matches": true, "eligible_section": true, "suspects_named_in_fir": true, "grounds_substantiated": false}
	record := func(change func(*nsor.RecordInput)) func() error {
		return func() error {
			in := strangerRecord()
			change(&in)
			_, err := maker.ProposeRecord(e.ctx, in, "Entered from the conviction file (synthetic)")
			return err
		}
	}
	checkRefusals(t, e, []refusal{
		{name: "return without a reason", call: at("return", map[string]any{"reason": ""}), status: 422, code: "reason.required", field: "reason"},
		{name: "reject with a reason of one word", call: at("reject", map[string]any{"reason": "no"}), status: 422, code: "reason.required", field: "reason"},
		{name: "withdraw a submitted request without a reason", call: at("withdraw", map[string]any{}), status: 422, code: "reason.required", field: "reason"},
		{name: "forward with a failed checklist item", call: at("forward", map[string]any{"checklist": partial}),
			status: 422, code: "checklist.incomplete", field: "checklist.grounds_substantiated"},
		{name: "record without a conviction", call: record(func(in *nsor.RecordInput) { in.Convictions = nil }),
			status: 422, code: "record.conviction_required", field: "convictions"},
		{name: "record without a name", call: record(func(in *nsor.RecordInput) { in.Name = "" }),
			status: 422, code: "record.name_required", field: "name"},
		{name: "release before the conviction", call: record(func(in *nsor.RecordInput) { in.Convictions[0].ReleasedOn = "2009-01-01" }),
			status: 422, code: "record.release_before_conviction", field: "convictions[0].released_on"},
		{name: "address ending before it starts", call: record(func(in *nsor.RecordInput) { in.Addresses[0].To = "2011-01-01" }),
			status: 422, code: "record.address_dates", field: "addresses[0].to"},
	})
}
