package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// The ways a file can fail to be a whole backup. Read wraps them with what
// it found, so that errors.Is tells them apart and the message says where.
var (
	ErrNotBackup = errors.New("not an nsor backup")
	ErrTruncated = errors.New("backup file is truncated")
	ErrCorrupt   = errors.New("backup file is corrupt")
)

// ReadFile checks the backup at path completely and extracts its parts
// into dir (which must exist), returning the manifest and, by part name,
// the extracted files. On any error the caller must discard dir: nothing
// in it may be used. The files are not synced: a caller that keeps one
// syncs it before putting it in place.
func ReadFile(path, dir string) (*Manifest, map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	return Read(f, dir)
}

// Read is ReadFile over a stream.
func Read(r io.Reader, dir string) (*Manifest, map[string]string, error) {
	files := map[string]string{}
	m, err := read(r, func(name string) (io.WriteCloser, error) {
		path := filepath.Join(dir, name)
		files[name] = path
		return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	})
	if err != nil {
		return nil, nil, err
	}
	return m, files, nil
}

// read checks the backup on r, writing each part to what create returns.
func read(r io.Reader, create func(name string) (io.WriteCloser, error)) (*Manifest, error) {
	br := bufio.NewReader(r)
	if err := looksLikeTar(br); err != nil {
		return nil, err
	}
	tr := tar.NewReader(br)
	mb, err := readManifest(tr)
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return nil, fmt.Errorf("%w: its manifest is not JSON (%v)", ErrCorrupt, err)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	for _, p := range m.Parts {
		if err := extract(tr, p, create); err != nil {
			return nil, err
		}
	}
	if err := checkSum(tr, mb); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(mb)
	m.sum = hex.EncodeToString(sum[:])
	if _, err := tr.Next(); err != io.EOF {
		return nil, fmt.Errorf("%w: something follows %s", ErrCorrupt, SumName)
	}
	return &m, nil
}

// ustarMagic is where and what every tar header of a backup begins its
// format marker with (POSIX ustar, which PAX extends).
const (
	ustarAt    = 257
	ustarMagic = "ustar\x00"
)

// looksLikeTar tells a file that is no backup at all (no tar header at its
// start) from a backup cut short.
func looksLikeTar(br *bufio.Reader) error {
	b, err := br.Peek(ustarAt + len(ustarMagic))
	switch {
	case len(b) == 0 && err == io.EOF:
		return fmt.Errorf("%w: the file is empty", ErrNotBackup)
	case len(b) < ustarAt+len(ustarMagic) || string(b[ustarAt:]) != ustarMagic:
		return fmt.Errorf("%w: it is not a tar archive", ErrNotBackup)
	}
	return nil
}

// next reads the next entry's header, which must be name.
func next(tr *tar.Reader, name string) (*tar.Header, error) {
	h, err := tr.Next()
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%w: it ends before %s", ErrTruncated, name)
	case err != nil:
		return nil, fmt.Errorf("%w: before %s: %v", ErrCorrupt, name, err)
	case h.Name != name || h.Typeflag != tar.TypeReg:
		return nil, fmt.Errorf("%w: found %q where %s belongs", ErrCorrupt, h.Name, name)
	}
	return h, nil
}

func readManifest(tr *tar.Reader) ([]byte, error) {
	h, err := tr.Next()
	switch {
	case err == io.EOF:
		return nil, fmt.Errorf("%w: the file is empty", ErrNotBackup)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%w: it ends inside its first header", ErrTruncated)
	case err != nil || h.Name != ManifestName || h.Size > maxManifest:
		return nil, fmt.Errorf("%w: it does not begin with %s", ErrNotBackup, ManifestName)
	}
	b, err := io.ReadAll(tr)
	if err != nil {
		return nil, fmt.Errorf("%w: in %s: %v", ErrTruncated, ManifestName, err)
	}
	return b, nil
}

// extract copies one part out, checking its size and hash.
func extract(tr *tar.Reader, p Part, create func(string) (io.WriteCloser, error)) error {
	h, err := next(tr, p.Name)
	if err != nil {
		return err
	}
	if h.Size != p.Size {
		return fmt.Errorf("%w: part %s holds %d bytes, its manifest says %d", ErrCorrupt, p.Name, h.Size, p.Size)
	}
	f, err := create(p.Name)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	sum := sha256.New()
	_, err = io.Copy(io.MultiWriter(f, sum), tr)
	if err = errors.Join(err, f.Close()); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("%w: it ends inside part %s", ErrTruncated, p.Name)
		}
		return fmt.Errorf("backup: part %s: %w", p.Name, err)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != p.SHA256 {
		return fmt.Errorf("%w: part %s has SHA-256 %s, its manifest says %s", ErrCorrupt, p.Name, got, p.SHA256)
	}
	return nil
}

func checkSum(tr *tar.Reader, manifest []byte) error {
	if _, err := next(tr, SumName); err != nil {
		return err
	}
	b, err := io.ReadAll(io.LimitReader(tr, 256))
	if err != nil {
		return fmt.Errorf("%w: it ends inside %s", ErrTruncated, SumName)
	}
	sum := sha256.Sum256(manifest)
	if !bytes.Equal(bytes.TrimSpace(b), []byte(hex.EncodeToString(sum[:]))) {
		return fmt.Errorf("%w: %s does not match %s", ErrCorrupt, ManifestName, SumName)
	}
	return nil
}
