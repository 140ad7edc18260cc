// Package folderintake takes scanned letters from a watched folder into
// the case register: each complete PDF, TIFF, JPEG or PNG file becomes a
// case (source POST) with the scan attached, exactly once, and is then
// moved to an archive folder; a file that cannot be taken goes to an
// error folder with a reason file beside it. See docs/intake.md.
package folderintake

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"linka/cases"
)

// Registrar registers intake items (implemented by *cases.Service).
type Registrar interface {
	Intake(ctx context.Context, item cases.IntakeItem) (*cases.IntakeResult, error)
}

// Options configure a watched folder. Zero values are documented per field.
type Options struct {
	Name string // label in logs, status and metrics; "" means the folder's base name
	Dir  string // the watched folder (required); only its top level is read
	// ArchiveDir receives taken files, in YYYY/MM subfolders; "" means
	// Dir/archiv. It must not be Dir itself.
	ArchiveDir string
	// ErrorDir receives files that cannot be taken, each with a
	// NAME.error.txt reason file; "" means Dir/chyby.
	ErrorDir string
	// Settle is how long a file's size and modification time must stay
	// unchanged before it is taken (a scanner may still be writing it); 0
	// means 2 seconds. A file whose modification time is already older
	// (e.g. renamed in when complete) is taken at once.
	Settle time.Duration
	// Rescan is the interval of the full rescan besides file-system
	// notifications; 0 means 30 seconds.
	Rescan time.Duration
	// MaxFile is the largest file taken; 0 means 25 MiB.
	MaxFile int64
	Logger  *slog.Logger // nil means slog.Default()
	Now     func() time.Time
}

// Folder takes in one watched folder. Create it with New and call Run.
type Folder struct {
	opts    Options
	reg     Registrar
	log     *slog.Logger
	tracker *cases.IntakeTracker
	seen    map[string]observation // files waiting to settle, by name
	failed  map[string]int         // internal failures per file
}

// observation is what a file looked like when last seen.
type observation struct {
	size  int64
	mod   time.Time
	since time.Time // when this size and time were first seen
}

// New returns the intake of a watched folder. It creates the archive and
// error folders.
func New(reg Registrar, opts Options) (*Folder, error) {
	if opts.Dir == "" {
		return nil, errors.New("folderintake: no folder to watch")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("folderintake: %w", err)
	}
	opts.Dir = dir
	if opts.ArchiveDir == "" {
		opts.ArchiveDir = filepath.Join(dir, "archiv")
	}
	if opts.ErrorDir == "" {
		opts.ErrorDir = filepath.Join(dir, "chyby")
	}
	for _, d := range []*string{&opts.ArchiveDir, &opts.ErrorDir} {
		if *d, err = filepath.Abs(*d); err != nil {
			return nil, fmt.Errorf("folderintake: %w", err)
		}
		if *d == dir {
			return nil, fmt.Errorf("folderintake: the archive and error folders must differ from %s", dir)
		}
	}
	if opts.Settle <= 0 {
		opts.Settle = 2 * time.Second
	}
	if opts.Rescan <= 0 {
		opts.Rescan = 30 * time.Second
	}
	if opts.MaxFile <= 0 {
		opts.MaxFile = 25 << 20
	}
	if opts.Name == "" {
		opts.Name = filepath.Base(dir)
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	for _, d := range []string{dir, opts.ArchiveDir, opts.ErrorDir} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return nil, fmt.Errorf("folderintake: create %s: %w", d, err)
		}
	}
	return &Folder{opts: opts, reg: reg, log: opts.Logger.With("intake", opts.Name),
		tracker: cases.NewIntakeTracker(opts.Name, "folder", dir),
		seen:    map[string]observation{}, failed: map[string]int{}}, nil
}

// Status returns the folder's current status.
func (f *Folder) Status() cases.IntakeStatus { return f.tracker.Status() }

// Run watches the folder until ctx ends. Notifications trigger a scan
// soon; a full rescan runs every Rescan, and files waiting to settle are
// checked every Settle/2.
func (f *Folder) Run(ctx context.Context) error {
	events := f.watch(ctx)
	rescan := time.NewTicker(f.opts.Rescan)
	defer rescan.Stop()
	check := time.NewTicker(max(f.opts.Settle/2, 50*time.Millisecond))
	defer check.Stop()
	f.tracker.Update(func(st *cases.IntakeStatus) { st.Connected = true })
	defer f.tracker.Update(func(st *cases.IntakeStatus) { st.Connected = false })
	for {
		f.scan(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-rescan.C:
		case <-events:
		case <-check.C:
			if len(f.seen) == 0 {
				continue
			}
		}
	}
}

// watch starts a file-system watcher whose events (coalesced) arrive on
// the returned channel; without one only the periodic rescan works.
func (f *Folder) watch(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	w, err := fsnotify.NewWatcher()
	if err == nil {
		err = w.Add(f.opts.Dir)
	}
	if err != nil {
		f.log.Warn("no file-system notifications; rescanning periodically", "err", err, "rescan", f.opts.Rescan)
		return out
	}
	go func() {
		defer w.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-w.Events:
				if !ok {
					return
				}
				select {
				case out <- struct{}{}:
				default:
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				f.log.Warn("file-system notifications", "err", err)
			}
		}
	}()
	return out
}

// skipName reports whether a file is hidden or, by its name, still being
// written (scanners and copy tools write under such names and rename).
func skipName(name string) bool {
	l := strings.ToLower(name)
	if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "~") || strings.HasSuffix(l, ".error.txt") {
		return true
	}
	for _, s := range []string{".tmp", ".part", ".partial", ".crdownload", ".filepart", ".swp", "~"} {
		if strings.HasSuffix(l, s) {
			return true
		}
	}
	return false
}
