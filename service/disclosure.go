package service

import (
	"context"
	"encoding/json"
	"nsor"
	"nsor/auditrec"
	"strconv"
)

// markKind is the identifier-key tag kind from which mark keys are derived;
// its own label, so that a mark key is never equal to any audit tag.
const markKind = "disclosure.mark"

// versionedHasher is what a keyring that keeps rotated keys offers (package
// keys): a tag under an older version, so that copies rendered before a
// rotation still trace.
type versionedHasher interface {
	TagWith(v uint32, kind, value string) (nsor.IdentifierTag, error)
}

// markKey is the recipient's key for one disclosure: HMAC-SHA256 under the
// identifier key of (number, user) (docs/adr/0012-disclosure-marks.md).
// Version 0 means the current key; the version used is returned.
func (s *Service) markKey(number string, userID int64, version uint32) (nsor.MarkKey, uint32, error) {
	value := number + "\x00" + strconv.FormatInt(userID, 10)
	t := s.ids.Tag(markKind, value)
	if version != 0 && t.KeyVersion != version {
		vh, ok := s.ids.(versionedHasher)
		if !ok {
			return nsor.MarkKey{}, 0, nsor.Internalf(nil, "identifier key version %d is not held", version)
		}
		var err error
		if t, err = vh.TagWith(version, markKind, value); err != nil {
			return nsor.MarkKey{}, 0, nsor.Internalf(err, "identifier key version %d", version)
		}
	}
	return nsor.MarkKey(t.MAC), t.KeyVersion, nil
}

// PrintRelease returns the printable page of the released records, marked
// for the reader, under the same rules and with the same audit as
// ReadRelease: it is a read of released records.
func (s *Service) PrintRelease(ctx context.Context, a *nsor.Actor, id int64) ([]byte, *nsor.ReleaseView, error) {
	v, page, err := s.renderRelease(ctx, a, id, true)
	return page, v, err
}

// renderRelease reads a release for a and renders it with a's marks, in the
// transaction that records the read; the record names the format and the
// key version, which tracing needs.
func (s *Service) renderRelease(ctx context.Context, a *nsor.Actor, id int64, html bool) (*nsor.ReleaseView, []byte, error) {
	var v *nsor.ReleaseView
	var page []byte
	err := s.do(ctx, a, "release.read", func(tx nsor.Tx, rec *auditrec.Record) error {
		rec.Object, rec.RequestID = object("request", id), id
		rel, err := s.releaseFor(tx, a, id)
		if err != nil {
			return err
		}
		rec.Object = object("release", rel.ID)
		detail(rec, "disclosure", rel.Number)
		r, err := s.rendering(a, rel, rec)
		if err != nil {
			return err
		}
		v = &nsor.ReleaseView{Release: *rel, Content: rel.Snapshot, Recipient: recipientOf(a.User), Advisory: nsor.Advisory,
			Disclosure: r.Block, MarkedText: s.marks.Text(r)}
		detail(rec, "format", map[bool]string{false: "json", true: "html"}[html])
		if html {
			page = s.marks.HTML(r)
		}
		return nil
	})
	return v, page, err
}

// rendering prepares one rendering of rel for a, at the time of its record.
// Without a Marker nothing is rendered: an unmarked copy must never leave.
func (s *Service) rendering(a *nsor.Actor, rel *nsor.Release, rec *auditrec.Record) (*nsor.Rendering, error) {
	if s.marks == nil {
		return nil, nsor.Internalf(nil, "no disclosure marker is configured")
	}
	var snap nsor.ReleaseSnapshot
	if err := json.Unmarshal(rel.Snapshot, &snap); err != nil {
		return nil, nsor.Internalf(err, "decode release %d", rel.ID)
	}
	key, version, err := s.markKey(rel.Number, a.ID(), 0)
	if err != nil {
		return nil, err
	}
	detail(rec, "mark_key", version)
	u := a.User
	return &nsor.Rendering{ReleaseID: rel.ID, Snapshot: &snap, Key: key, Block: nsor.DisclosureBlock{Number: rel.Number,
		RecipientID: u.ID, RecipientName: u.Name, RecipientRank: u.Rank, ReleasedAt: rel.ReleasedAt,
		RenderedAt: rec.At, Advisory: nsor.Advisory}}, nil
}

func recipientOf(u *nsor.User) string {
	if u.Rank == "" {
		return u.Name
	}
	return u.Name + ", " + u.Rank
}
