package backup

import (
	"archive/tar"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// File is a part to write: its name in the backup and the file holding it.
type File struct {
	Name string
	Path string
}

// WriteFile writes the backup to path atomically: into a temporary file
// beside it, synced, then renamed over path, and the directory synced, so
// that path holds the whole backup or nothing new even after a crash. It
// fills m.Parts from files and returns the manifest as written.
func WriteFile(path string, m Manifest, files []File) (*Manifest, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	out, err := Write(tmp, m, files)
	if err = errors.Join(err, tmp.Chmod(0o600), tmp.Sync(), tmp.Close()); err != nil {
		return nil, fmt.Errorf("backup: write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return out, syncDir(filepath.Dir(path))
}

// Write writes the backup to w: the manifest with every part's size and
// hash, the parts, and the manifest's hash.
func Write(w io.Writer, m Manifest, files []File) (*Manifest, error) {
	m.Format = Format
	m.Parts = nil
	for _, f := range files {
		p, err := hashFile(f)
		if err != nil {
			return nil, err
		}
		m.Parts = append(m.Parts, p)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	mb, err := encodeManifest(&m)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(w)
	if err := writeEntry(tw, ManifestName, mb, m.CreatedAt); err != nil {
		return nil, err
	}
	for i, f := range files {
		if err := writePart(tw, m.Parts[i], f.Path, m.CreatedAt); err != nil {
			return nil, err
		}
	}
	sum := sha256.Sum256(mb)
	if err := writeEntry(tw, SumName, []byte(hex.EncodeToString(sum[:])+"\n"), m.CreatedAt); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return &m, nil
}

func header(name string, size int64, at time.Time) *tar.Header {
	return &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: size, Mode: 0o600, ModTime: at.UTC(), Format: tar.FormatPAX}
}

func writeEntry(tw *tar.Writer, name string, b []byte, at time.Time) error {
	if err := tw.WriteHeader(header(name, int64(len(b)), at)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := tw.Write(b); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// writePart copies a part's file, hashing it again on the way: a file that
// changed since the manifest was made must not be written under its hash.
func writePart(tw *tar.Writer, p Part, path string, at time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	if err := tw.WriteHeader(header(p.Name, p.Size, at)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tw, h), f); err != nil {
		return fmt.Errorf("backup: part %s: %w", p.Name, err)
	}
	if hex.EncodeToString(h.Sum(nil)) != p.SHA256 {
		return fmt.Errorf("backup: part %s changed while the backup was written", p.Name)
	}
	return nil
}

func hashFile(f File) (Part, error) {
	r, err := os.Open(f.Path)
	if err != nil {
		return Part{}, fmt.Errorf("backup: %w", err)
	}
	defer r.Close()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return Part{}, fmt.Errorf("backup: part %s: %w", f.Name, err)
	}
	return Part{Name: f.Name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return errors.Join(d.Sync(), d.Close())
}
