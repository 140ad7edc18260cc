package folderintake

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"linka/cases"
)

// scanTypes are the content types a scan may have (sniffed, not taken
// from the extension).
var scanTypes = map[string]bool{"application/pdf": true, "image/tiff": true, "image/jpeg": true, "image/png": true}

// scan looks at every file of the folder once and takes the complete ones.
func (f *Folder) scan(ctx context.Context) {
	entries, err := os.ReadDir(f.opts.Dir)
	if err != nil {
		f.tracker.Failed(f.opts.Now(), fmt.Errorf("read folder: %w", err))
		f.log.Error("cannot read the watched folder", "err", err)
		return
	}
	now := f.opts.Now()
	present := map[string]bool{}
	ok := true
	for _, e := range entries {
		if ctx.Err() != nil {
			return
		}
		if !e.Type().IsRegular() || skipName(e.Name()) {
			continue
		}
		present[e.Name()] = true
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		if !f.settled(e.Name(), info, now) {
			continue
		}
		if err := f.take(ctx, e.Name()); err != nil {
			ok = false
			f.tracker.Failed(f.opts.Now(), err)
			f.log.Error("scan not taken; retrying at the next scan", "file", e.Name(), "err", err)
			break // the store is likely unreachable: try again later
		}
	}
	for name := range f.seen {
		if !present[name] {
			delete(f.seen, name)
		}
	}
	if ok {
		f.tracker.Polled(f.opts.Now())
	}
}

// settled reports whether a file is complete: its size and modification
// time unchanged for Settle, or its modification time older than Settle
// when first seen (a file renamed in when complete).
func (f *Folder) settled(name string, info fs.FileInfo, now time.Time) bool {
	o, ok := f.seen[name]
	if !ok && now.Sub(info.ModTime()) >= f.opts.Settle && info.Size() > 0 {
		return true
	}
	if !ok || o.size != info.Size() || !o.mod.Equal(info.ModTime()) {
		f.seen[name] = observation{size: info.Size(), mod: info.ModTime(), since: now}
		return false
	}
	return now.Sub(o.since) >= f.opts.Settle && info.Size() > 0
}

// take registers one file and moves it to the archive, or sets it aside
// in the error folder. It returns an error only for a failure worth
// retrying (the store is unreachable).
func (f *Folder) take(ctx context.Context, name string) error {
	delete(f.seen, name)
	path := filepath.Join(f.opts.Dir, name)
	data, info, err := f.read(path)
	if err != nil {
		return f.reject(name, err.Error())
	}
	head := data[:min(len(data), 512)]
	ctype := cases.SniffContentType(head, name)
	if !scanTypes[ctype] {
		return f.reject(name, fmt.Sprintf("not a PDF, TIFF, JPEG or PNG scan (content is %s)", ctype))
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	item := cases.IntakeItem{Source: cases.SourcePost, ReceivedAt: info.ModTime(),
		Subject: "Dopis (sken) " + strings.TrimSuffix(name, filepath.Ext(name)),
		Description: fmt.Sprintf("Naskenovaný dopis %s (%s). Datum podacího razítka doplní podatelna jako datum přijetí.\n"+
			"Scanned letter %s; the registry enters the stamp date as the date of receipt.", name, ctype, name),
		Refs:  []string{cases.ScanRef(name, hash)},
		Files: []cases.IntakeFile{{Name: name, Content: bytes.NewReader(data)}}}
	res, err := f.reg.Intake(ctx, item)
	if err != nil {
		if cases.ErrorCode(err) == cases.EInternal && ctx.Err() == nil {
			if f.failed[name]++; f.failed[name] < 5 {
				return fmt.Errorf("register %s: %w", name, err)
			}
		}
		if ctx.Err() != nil {
			return nil
		}
		delete(f.failed, name)
		return f.reject(name, "cannot be registered: "+cases.ErrorMessage(err))
	}
	delete(f.failed, name)
	f.tracker.Count(res)
	f.log.Info("scan registered", "file", name, "case", res.Case.Number, "duplicate", res.Duplicate)
	if err := f.archive(name, res.Case.Number); err != nil {
		f.log.Error("registered scan not archived; it is recognised at the next scan", "file", name, "err", err)
		return fmt.Errorf("archive %s: %w", name, err)
	}
	return nil
}

// read reads a whole file of at most MaxFile bytes.
func (f *Folder) read(path string) ([]byte, fs.FileInfo, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open: %v", err)
	}
	defer fh.Close()
	info, err := fh.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read: %v", err)
	}
	data, err := io.ReadAll(io.LimitReader(fh, f.opts.MaxFile+1))
	switch {
	case err != nil:
		return nil, nil, fmt.Errorf("cannot read: %v", err)
	case int64(len(data)) > f.opts.MaxFile:
		return nil, nil, fmt.Errorf("larger than the limit of %d MiB", f.opts.MaxFile>>20)
	case len(data) == 0:
		return nil, nil, errors.New("empty file")
	}
	return data, info, nil
}

// archive moves a registered file to ArchiveDir/YYYY/MM, prefixed with the
// case number so names never collide.
func (f *Folder) archive(name, number string) error {
	now := f.opts.Now()
	dir := filepath.Join(f.opts.ArchiveDir, now.Format("2006"), now.Format("01"))
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return err
	}
	return move(filepath.Join(f.opts.Dir, name), uniquePath(filepath.Join(dir, number+"_"+name)))
}

// reject moves a file to the error folder with a reason file beside it.
func (f *Folder) reject(name, reason string) error {
	f.log.Warn("scan set aside in the error folder", "file", name, "reason", reason)
	f.tracker.Update(func(st *cases.IntakeStatus) { st.Failed++ })
	dest := uniquePath(filepath.Join(f.opts.ErrorDir, name))
	text := fmt.Sprintf("%s\n%s: %s\n", f.opts.Now().Format(time.RFC3339), name, reason)
	if err := os.WriteFile(dest+".error.txt", []byte(text), 0o640); err != nil {
		return fmt.Errorf("write reason for %s: %w", name, err)
	}
	if err := move(filepath.Join(f.opts.Dir, name), dest); err != nil {
		return fmt.Errorf("move %s to the error folder: %w", name, err)
	}
	return nil
}

// uniquePath returns p, or p with " (2)", " (3)"… before the extension
// when p exists.
func uniquePath(p string) string {
	ext := filepath.Ext(p)
	base := strings.TrimSuffix(p, ext)
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = fmt.Sprintf("%s (%d)%s", base, i, ext)
	}
}

// move renames src to dst, copying across file systems.
func move(src, dst string) error {
	err := os.Rename(src, dst)
	if err == nil || !errors.Is(err, syscallEXDEV) {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(dst)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Remove(src)
}
