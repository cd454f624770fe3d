package nsor

// Listings are read a page at a time, in keyset order: every filter,
// including what the actor's role may see, is a condition of the database
// query, the rows come in an order with a unique key, and the next page
// starts after the last key read. A page therefore never comes back short
// because rows were dropped after the query's limit, and a row added or
// removed between two pages neither repeats nor skips another.

// The bounds of a page.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Page asks for one page of a listing: at most Limit rows (0 for
// DefaultPageSize), after the row whose key is After (none for the first
// page). A key is the row's ID, or for a listing ordered otherwise the
// columns of its order ending in a unique one; which side of it "after"
// lies is the listing's order.
type Page struct {
	After []int64
	Limit int
}

// AfterID is the ID of a listing keyed by ID alone: 0 for the first page.
func (p Page) AfterID() int64 {
	if len(p.After) == 1 {
		return p.After[0]
	}
	return 0
}

// Paged is one page of a listing: its items and, when more follow, the key
// to pass as Page.After for the next page (nil when none follows).
type Paged[T any] struct {
	Items []T
	Next  []int64
}

// Check refuses a limit out of range or a key not of the listing's n
// columns, and sets the default limit.
func (p *Page) Check(n int) error {
	switch {
	case p.Limit == 0:
		p.Limit = DefaultPageSize
	case p.Limit < 1 || p.Limit > MaxPageSize:
		return ErrPageLimit()
	}
	if len(p.After) != 0 && len(p.After) != n {
		return ErrPageCursor()
	}
	return nil
}

// ErrPageLimit is the refusal of a page size out of range.
func ErrPageLimit() *Error {
	return badQuery("limit", "query.limit", "limit is a whole number from 1 to 200.")
}

// ErrPageCursor is the refusal of a cursor this listing did not give with
// these filters.
func ErrPageCursor() *Error {
	return badQuery("cursor", "query.cursor", "The cursor is not one this listing gave with these filters; start again without it.")
}

// badQuery is a query parameter that cannot be read (HTTP 400).
func badQuery(field, code, msg string) *Error {
	return &Error{Kind: KindBadRequest, Code: code, Message: msg, Fields: []FieldError{{Field: field, Code: code, Message: msg}}}
}

// Fetch is the number of rows to read for the page: one more than it holds,
// to learn whether another follows.
func (p Page) Fetch() int { return p.Limit + 1 }

// Cut makes a page of rows read with p.Fetch(): at most p.Limit of them, and
// the key of the last as Next when a further row was read.
func Cut[T any](rows []T, p Page, key func(T) []int64) Paged[T] {
	if len(rows) <= p.Limit {
		return Paged[T]{Items: rows}
	}
	rows = rows[:p.Limit]
	return Paged[T]{Items: rows, Next: key(rows[len(rows)-1])}
}

// ByID is the key of a listing keyed by ID.
func ByID(id int64) []int64 { return []int64{id} }
