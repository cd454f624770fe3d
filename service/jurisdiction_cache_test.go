package service

import (
	"nsor"
	"testing"
	"time"
)

// countingTx counts how often the hierarchy is loaded.
type countingTx struct {
	nsor.Tx
	loads int
	nodes []*nsor.Jurisdiction
}

func (c *countingTx) Jurisdictions() ([]*nsor.Jurisdiction, error) {
	c.loads++
	return c.nodes, nil
}

func TestJurisdictionCache(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tx := &countingTx{nodes: []*nsor.Jurisdiction{{ID: 1, Name: "Pakistan"}}}
	var c jurisdictions
	if j, err := c.get(tx, 1, t0); err != nil || j.Name != "Pakistan" || tx.loads != 1 {
		t.Fatalf("get(1) = %v, %v after %d loads, want Pakistan after 1", j, err, tx.loads)
	}
	c.get(tx, 1, t0.Add(30*time.Second))
	for i := 0; i < 5; i++ {
		if _, err := c.get(tx, 99, t0.Add(30*time.Second)); nsor.KindOf(err) != nsor.KindNotFound {
			t.Fatalf("get(99) = %v, want not found", err)
		}
	}
	if tx.loads != 2 {
		t.Errorf("loads after a hit and five misses within the minute = %d, want 2 (one reload for the first miss)", tx.loads)
	}
	tx.nodes = append(tx.nodes, &nsor.Jurisdiction{ID: 99, Name: "New station"})
	if j, err := c.get(tx, 99, t0.Add(32*time.Second)); err != nil || j.Name != "New station" {
		t.Errorf("get(99) a second later = %v, %v, want the new node", j, err)
	}
	if _, err := c.get(tx, 1, t0.Add(2*time.Minute)); err != nil || tx.loads != 4 {
		t.Errorf("get(1) after the minute: %v, loads %d, want a reload (4)", err, tx.loads)
	}
	c.drop() // this instance changed a node: the next lookup reloads at once
	tx.nodes = append(tx.nodes, &nsor.Jurisdiction{ID: 100, Name: "Added here"})
	if j, err := c.get(tx, 100, t0.Add(2*time.Minute)); err != nil || j.Name != "Added here" {
		t.Errorf("get(100) right after drop = %v, %v, want the node added", j, err)
	}
}

// TestJurisdictionCacheFollowsChanges: a change another instance made shows
// here as soon as the change sequence is followed, not after the TTL.
func TestJurisdictionCacheFollowsChanges(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tx := &countingTx{nodes: []*nsor.Jurisdiction{{ID: 1, Name: "Pakistan"}}}
	var c jurisdictions
	c.follow(7)
	c.get(tx, 1, t0)
	if c.follow(7) {
		t.Error("follow(7) twice = dropped, want kept: nothing changed")
	}
	tx.nodes = []*nsor.Jurisdiction{{ID: 1, Name: "Pakistan (renamed elsewhere)"}}
	if j, _ := c.get(tx, 1, t0.Add(time.Second)); j.Name != "Pakistan" {
		t.Fatalf("get(1) before following = %q, want the cached name", j.Name)
	}
	if !c.follow(8) {
		t.Error("follow(8) after 7 = kept, want dropped")
	}
	if j, _ := c.get(tx, 1, t0.Add(2*time.Second)); j.Name != "Pakistan (renamed elsewhere)" {
		t.Errorf("get(1) after following = %q, want the new name", j.Name)
	}
}
