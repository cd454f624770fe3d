package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"sync"
)

// stmtCache keeps the prepared statements of one SQLite pool (nil, and
// unused, on PostgreSQL, where pgx caches them per connection). Parsing is about half
// the CPU time of a small statement in SQLite, and all writes go through one
// goroutine, so preparing each statement once is throughput. A statement is
// prepared only after a transaction, when its pool has a free connection:
// preparing inside one would wait for a connection, and the writer's pool
// has only the one its own transaction holds.
type stmtCache struct {
	pool   *sql.DB
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

// maxCachedStmts bounds the cache; queries beyond it are parsed each time.
const maxCachedStmts = 512

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, wanted: map[string]bool{}}
}

// get returns the prepared statement of q, or nil; a miss asks for q to be
// prepared later. IN lists of varying length are not worth a slot each.
func (c *stmtCache) get(q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := c.stmts[q]; s != nil {
		return s
	}
	if len(c.stmts)+len(c.wanted) < maxCachedStmts && !strings.Contains(q, "IN (?") {
		c.wanted[q] = true
	}
	return nil
}

// prepareWanted prepares the statements asked for since the last call. It
// must be called outside any transaction of the pool.
func (c *stmtCache) prepareWanted(ctx context.Context) {
	c.mu.Lock()
	var qs []string
	for q := range c.wanted {
		qs = append(qs, q)
	}
	clear(c.wanted)
	c.mu.Unlock()
	for _, q := range qs {
		s, err := c.pool.PrepareContext(ctx, q)
		if err != nil {
			continue // the query keeps working unprepared; its own run reports its error
		}
		c.mu.Lock()
		if c.stmts[q] == nil {
			c.stmts[q], s = s, nil
		}
		c.mu.Unlock()
		if s != nil {
			s.Close()
		}
	}
}

// pending reports whether statements wait to be prepared.
func (c *stmtCache) pending() bool {
	if c == nil {
		return false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.wanted) > 0
}

func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.stmts {
		s.Close()
		delete(c.stmts, q)
	}
}
