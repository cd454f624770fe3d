package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"nsor/match/synth"
)

// pgRun is pg_trgm's side of the run: the load and index build times and
// each method's results on the frozen queries.
type pgRun struct {
	Load, GIN, GiST time.Duration
	Methods         []pgMethod
}

type pgMethod struct {
	Name    string
	Results []result
}

// The two ways a user would search names with pg_trgm. Each row of the table
// is a record's name or one of its aliases, so a record can come back twice:
// the GIN query groups by record; the GiST query reads a few more rows than k
// and keeps the first k records.
const (
	ginQuery = `SELECT id FROM reg WHERE name % $1 GROUP BY id ORDER BY max(similarity(name, $1)) DESC LIMIT $2`
	// statement_timeout: a query past it counts as a miss.
	statementTimeout = 2 * time.Second
)

func gistQuery(k int) string {
	return fmt.Sprintf(`SELECT id FROM (SELECT id, name <-> $1 AS d FROM reg ORDER BY name <-> $1 LIMIT %d) t`, 2*k)
}

// runPG loads the register into a fresh database, builds both indexes, runs
// the frozen queries through each and drops the database.
func runPG(ctx context.Context, c config, reg *synth.Register, set *synth.Set) (*pgRun, error) {
	admin, err := pgx.Connect(ctx, c.pg)
	if err != nil {
		return nil, err
	}
	defer admin.Close(ctx)
	db := fmt.Sprintf("nsor_matchbench_%d", os.Getpid())
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+db); err != nil {
		return nil, err
	}
	defer admin.Exec(context.Background(), "DROP DATABASE IF EXISTS "+db+" WITH (FORCE)")
	cfg, err := pgx.ParseConfig(c.pg)
	if err != nil {
		return nil, err
	}
	cfg.Database = db
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	var p pgRun
	if err := p.load(ctx, conn, reg); err != nil {
		return nil, err
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("SET statement_timeout = %d", statementTimeout.Milliseconds())); err != nil {
		return nil, err
	}
	gin, err := pgSearch(ctx, conn, set.Queries, ginQuery, c.k, true)
	if err != nil {
		return nil, err
	}
	gist, err := pgSearch(ctx, conn, set.Queries, gistQuery(c.k), c.k, false)
	if err != nil {
		return nil, err
	}
	p.Methods = []pgMethod{{"pg_trgm GIN %", gin}, {"pg_trgm GiST <->", gist}}
	return &p, nil
}

// load copies the names and aliases in and builds the two indexes, timing each.
func (p *pgRun) load(ctx context.Context, conn *pgx.Conn, reg *synth.Register) error {
	for _, s := range []string{"CREATE EXTENSION pg_trgm", "CREATE TABLE reg (id text NOT NULL, name text NOT NULL)"} {
		if _, err := conn.Exec(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	var rows [][]any
	for i := range reg.Records {
		r := &reg.Records[i]
		rows = append(rows, []any{r.ID, r.Name})
		for _, a := range r.Aliases {
			rows = append(rows, []any{r.ID, a})
		}
	}
	t := time.Now()
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"reg"}, []string{"id", "name"}, pgx.CopyFromRows(rows)); err != nil {
		return fmt.Errorf("copy: %w", err)
	}
	p.Load = time.Since(t)
	for _, ix := range []struct {
		d   *time.Duration
		sql string
	}{
		{&p.GIN, "CREATE INDEX reg_name_gin ON reg USING gin (name gin_trgm_ops)"},
		{&p.GiST, "CREATE INDEX reg_name_gist ON reg USING gist (name gist_trgm_ops)"},
	} {
		t := time.Now()
		if _, err := conn.Exec(ctx, ix.sql); err != nil {
			return fmt.Errorf("%s: %w", ix.sql, err)
		}
		*ix.d = time.Since(t)
	}
	_, err := conn.Exec(ctx, "ANALYZE reg")
	return err
}

// pgSearch runs each query's name, one at a time; a statement timeout is a
// miss with the timeout as its latency.
func pgSearch(ctx context.Context, conn *pgx.Conn, qs []synth.Query, sql string, k int, withK bool) ([]result, error) {
	rs := make([]result, len(qs))
	for i := range qs {
		rs[i].QID = qs[i].QID
		args := []any{qs[i].Name}
		if withK {
			args = append(args, k)
		}
		t := time.Now()
		ids, err := queryIDs(ctx, conn, sql, args, k)
		rs[i].Nanos = time.Since(t).Nanoseconds()
		var pe *pgconn.PgError
		switch {
		case errors.As(err, &pe) && pe.Code == "57014": // query_canceled: statement_timeout
			rs[i].TimedOut = true
		case err != nil:
			return nil, fmt.Errorf("%s: %w", qs[i].QID, err)
		}
		for _, id := range ids {
			rs[i].Cands = append(rs[i].Cands, resultCand{ID: id})
		}
	}
	return rs, nil
}

func queryIDs(ctx context.Context, conn *pgx.Conn, sql string, args []any, k int) ([]string, error) {
	rows, err := conn.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	seen := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		if !seen[id] && len(ids) < k {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, rows.Err()
}
