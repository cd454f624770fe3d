package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	"nsor"
)

// sampleUploader uploads one biometric sample and returns it: the service's
// UploadSample for the registrar importing.
type sampleUploader func(kind, format string, data []byte) (*nsor.Sample, error)

// uploadImportSamples uploads every file an import's rows name as a
// biometric ("file:<format>:<path>", the path relative to the import file
// in dir) and returns the content with each such reference replaced by the
// stored sample's "sha256:" reference. A file that is missing, unreadable
// or refused is reported with the lines that name it, and its reference is
// left as it was: the import refuses those lines (sample.file) and imports
// the others. The same files give the same content, so a re-run resumes
// the same batch.
func uploadImportSamples(content []byte, format nsor.ImportFormat, dir string, upload sampleUploader, report io.Writer) ([]byte, error) {
	type use struct {
		kind  string
		lines []int
	}
	uses := map[string]*use{}
	err := nsor.ReadImport(format, content, func(l nsor.ImportLine) bool {
		for _, b := range l.Record.Biometrics {
			if _, _, ok := nsor.ParseSampleFileRef(b.Reference); ok {
				u := uses[b.Reference]
				if u == nil {
					u = &use{kind: b.Kind}
					uses[b.Reference] = u
				}
				u.lines = append(u.lines, l.Line)
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	refs := make([]string, 0, len(uses))
	for ref := range uses {
		refs = append(refs, ref)
	}
	// Longer first: in a CSV cell a reference is matched bare, and one may
	// begin another.
	sort.Slice(refs, func(i, j int) bool {
		return len(refs[i]) > len(refs[j]) || (len(refs[i]) == len(refs[j]) && refs[i] < refs[j])
	})
	out := content
	for _, ref := range refs {
		u := uses[ref]
		f, path, _ := nsor.ParseSampleFileRef(ref)
		sm, err := uploadFile(filepath.Join(dir, filepath.FromSlash(path)), u.kind, f, upload)
		if err != nil {
			fmt.Fprintf(report, "biometric file %s (line %s): not uploaded: %v; the line is not imported\n", path, joinLines(u.lines), err)
			continue
		}
		quoted := []byte(strconv.Quote(ref))
		if format == nsor.ImportCSV {
			quoted = []byte(ref)
		}
		repl := bytes.Replace(quoted, []byte(ref), []byte(nsor.SampleRef(sm.SHA256)), 1)
		out = bytes.ReplaceAll(out, quoted, repl)
	}
	return out, nil
}

// uploadFile reads and uploads one file, refusing one over its format's
// limit before reading it.
func uploadFile(path, kind, format string, upload sampleUploader) (*nsor.Sample, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if lim := nsor.SampleLimit(format); lim > 0 && st.Size() > lim {
		return nil, fmt.Errorf("%d bytes, over the %d MiB a %s sample may be", st.Size(), lim>>20, format)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return upload(kind, format, data)
}

func joinLines(ns []int) string {
	var b bytes.Buffer
	for i, n := range ns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// importUploader is the importing registrar's UploadSample.
func importUploader(ctx context.Context, up func(ctx context.Context, a *nsor.Actor, kind, format string, data []byte, meta nsor.SampleMeta) (*nsor.Sample, error), a *nsor.Actor) sampleUploader {
	return func(kind, format string, data []byte) (*nsor.Sample, error) {
		return up(ctx, a, kind, format, data, nsor.SampleMeta{})
	}
}
