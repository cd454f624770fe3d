package service

import (
	"context"
	"nsor"
	"sync"
	"time"
)

// jurisdictions caches the hierarchy, which every call consults (the actor's
// node, a request's district, a station's name) and which changes rarely.
// Paths never change; names may. The cache is dropped at once when this
// instance changes a node, and when the store's change sequence shows that
// another instance did (FollowChanges, polled every second by cmd/nsor); it
// lives at most jurisdictionTTL in any case. A node not in the cache reloads
// it, at most once a second.
type jurisdictions struct {
	mu     sync.RWMutex
	byID   map[int64]*nsor.Jurisdiction
	loaded time.Time
	seq    int64 // the change sequence the cache follows
	gen    int64 // raised by every drop, so that a load begun before it is not kept
}

// jurisdictionTTL bounds how long a name changed by another instance may
// show its old value here.
const jurisdictionTTL = time.Minute

// cached returns the node with the ID when the cache holds it fresh.
func (c *jurisdictions) cached(id int64, now time.Time) (*nsor.Jurisdiction, bool) {
	j, ok, loaded, _ := c.peek(id)
	return j, ok && fresh(loaded, now)
}

// peek reads the cache: the node and whether it is there, when the cache
// was loaded, and its generation.
func (c *jurisdictions) peek(id int64) (j *nsor.Jurisdiction, ok bool, loaded time.Time, gen int64) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	j, ok = c.byID[id]
	return j, ok, c.loaded, c.gen
}

// fresh reports whether a cache loaded at the instant may still be used.
func fresh(loaded, now time.Time) bool {
	return now.Sub(loaded) < jurisdictionTTL && now.After(loaded.Add(-time.Second))
}

// get returns the node with the ID, from the cache when fresh.
func (c *jurisdictions) get(tx nsor.Tx, id int64, now time.Time) (*nsor.Jurisdiction, error) {
	j, ok, loaded, gen := c.peek(id)
	if ok && fresh(loaded, now) {
		return j, nil
	}
	if !ok && fresh(loaded, now) && now.Sub(loaded) < time.Second {
		// A node unknown to a cache loaded this very second: do not reload
		// the whole hierarchy for every made-up ID a caller sends.
		return nil, nsor.NotFound("jurisdiction")
	}
	all, err := tx.Jurisdictions()
	if err != nil {
		return nil, err
	}
	m := make(map[int64]*nsor.Jurisdiction, len(all))
	for _, x := range all {
		m[x.ID] = x
	}
	c.mu.Lock()
	if c.gen == gen {
		c.byID, c.loaded = m, now
	}
	c.mu.Unlock()
	if j, ok := m[id]; ok {
		return j, nil
	}
	return nil, nsor.NotFound("jurisdiction")
}

// follow drops the cache when the change sequence has moved since the last
// call; it reports whether it did.
func (c *jurisdictions) follow(seq int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if seq == c.seq {
		return false
	}
	c.byID, c.loaded, c.seq = nil, time.Time{}, seq
	c.gen++
	return true
}

// drop empties the cache after a change.
func (c *jurisdictions) drop() {
	c.mu.Lock()
	c.byID, c.loaded = nil, time.Time{}
	c.gen++
	c.mu.Unlock()
}

// jurisdiction returns a node of the hierarchy through the cache. Callers
// must not modify it.
func (s *Service) jurisdiction(tx nsor.Tx, id int64) (*nsor.Jurisdiction, error) {
	return s.jcache.get(tx, id, s.clock.Now())
}

// FollowChanges drops what this instance caches when another instance has
// changed it, as the store's change sequences tell, and brings the register
// index up to date with the register's writes. cmd/nsor calls it every
// second; it reads one small row, and the records written since.
func (s *Service) FollowChanges(ctx context.Context) error {
	err := s.view(ctx, func(tx nsor.Tx) error {
		seq, err := tx.ChangeSeq("jurisdictions")
		if err == nil {
			s.jcache.follow(seq)
		}
		return err
	})
	if err != nil {
		return err
	}
	return s.followRegister(ctx)
}
