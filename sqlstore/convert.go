package sqlstore

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"time"
)

// Instants are stored as INTEGER UTC milliseconds, so that both databases
// hold, and the audit log hashes, the same numbers (HOUSE-STYLE.md, Code). The
// zero time is stored as NULL.

// ms is the column value of an instant.
func ms(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// instant scans a milliseconds column into a UTC time; NULL is the zero time.
type instant struct{ t *time.Time }

func (s instant) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.t = time.Time{}
	case int64:
		*s.t = time.UnixMilli(v).UTC()
	default:
		return fmt.Errorf("sqlstore: instant column holds %T", src)
	}
	return nil
}

// nullable is the column value of an optional reference: 0 is NULL, so
// that a foreign key does not look for row 0.
func nullable(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

// optID scans an optional reference; NULL is 0.
type optID struct{ p *int64 }

func (s optID) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*s.p = 0
	case int64:
		*s.p = v
	default:
		return fmt.Errorf("sqlstore: id column holds %T", src)
	}
	return nil
}

// jsonCol stores a value nobody queries by (sections, scopes, a record's
// content) as JSON text, both ways: as a parameter it marshals *p, as a scan
// destination it unmarshals into p. nil stays nil, empty stays empty.
type jsonCol struct{ p any }

func asJSON(p any) jsonCol { return jsonCol{p} }

func (j jsonCol) Value() (driver.Value, error) {
	b, err := json.Marshal(j.p)
	return string(b), err
}

func (j jsonCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(v), j.p)
	case []byte:
		return json.Unmarshal(v, j.p)
	}
	return fmt.Errorf("sqlstore: JSON column holds %T", src)
}
