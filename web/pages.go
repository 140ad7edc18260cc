package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageSet holds one parsed template per page, each made of the shared
// layout and partials (files starting with "_") plus the page's own file.
type pageSet struct {
	pages map[string]*template.Template
	// asset is the content hash appended to static URLs, so browsers may
	// cache static files for good.
	asset string
}

// parsePages parses every embedded template and hashes the static files.
func parsePages() (*pageSet, error) {
	shared, err := template.New("shared").ParseFS(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	// Partials of the areas (e.g. panel_case_calls.html): files that
	// define no "content" are shared by every page, like those named "_…".
	var pageFiles []string
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			return nil, err
		}
		switch {
		case strings.HasPrefix(path.Base(f), "_"):
		case !strings.Contains(string(b), `{{define "content"}}`):
			if _, err := shared.New(path.Base(f)).Parse(string(b)); err != nil {
				return nil, err
			}
		default:
			pageFiles = append(pageFiles, f)
		}
	}
	ps := &pageSet{pages: map[string]*template.Template{}}
	for _, f := range pageFiles {
		name := strings.TrimSuffix(path.Base(f), ".html")
		t, err := template.Must(shared.Clone()).ParseFS(templateFS, f)
		if err != nil {
			return nil, err
		}
		ps.pages[name] = t
	}
	if ps.asset, err = hashFS(staticFS); err != nil {
		return nil, err
	}
	return ps, nil
}

// hashFS returns a short hash of every file in fsys.
func hashFS(fsys fs.FS) (string, error) {
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12], err
}

// staticHandler serves the embedded static files; their URLs carry the
// content hash, so they may be cached for a year.
func (s *Server) staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static") // "static" is embedded, so this cannot fail
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no directory listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		files.ServeHTTP(w, r)
	})
}

// basePage is what the layout shows on every page. Each page has its own
// struct embedding it.
type basePage struct {
	Lang    string
	Title   string
	Nav     string // the current navigation entry: "register", "new_case", "contacts"
	User    *cases.User
	CSRF    string // the session's CSRF token for forms
	Path    string // the current request URI, to come back after switching language
	Version string
	asset   string
	msgs    map[string]string
}

// T returns the message of key in the page's language; a missing key
// shows as [key], which the catalogue test prevents.
func (p basePage) T(key string) string {
	if m, ok := p.msgs[key]; ok {
		return m
	}
	return "[" + key + "]"
}

// Asset returns the URL of a static file.
func (p basePage) Asset(name string) string { return "/static/" + name + "?v=" + p.asset }

// newBase returns the base of a page for r titled by the message titleKey.
func (s *Server) newBase(r *http.Request, titleKey, nav string) basePage {
	lang := langOf(r)
	p := basePage{Lang: lang, Nav: nav, Path: r.URL.RequestURI(), Version: s.version,
		asset: s.pages.asset, msgs: s.msgs[lang]}
	p.Title = p.T(titleKey)
	if a := actorFrom(r.Context()); a != nil {
		p.User = a.user
		if a.session != nil {
			p.CSRF = a.session.CSRF
		}
	}
	return p
}

// render writes the page called name with status. The page is rendered
// into a buffer first, so a template error gives a clean 500.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	t, ok := s.pages.pages[name]
	if !ok {
		s.fail(w, r, fmt.Errorf("no page template %q", name))
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		s.fail(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorPage shows an error that ended a page request.
type errorPage struct {
	basePage
	Status  int
	Message string
}

// pageError shows err as an error page; an expired session goes to the
// sign-in page instead.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	e, status := s.publicError(r, err)
	if status == http.StatusUnauthorized {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	p := errorPage{basePage: s.newBase(r, "error.title", ""), Status: status, Message: e.Message}
	if status == http.StatusNotFound {
		p.Message = p.T("error.not_found")
	}
	if t, ok := s.pages.pages["error"]; ok {
		var buf bytes.Buffer
		if t.ExecuteTemplate(&buf, "layout", p) == nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(status)
			_, _ = w.Write(buf.Bytes())
			return
		}
	}
	http.Error(w, e.Message, status)
}

// czechDateTime formats t as Czech users read it, "25.04.2017 09:30", in
// Europe/Prague; the zero time is "".
func czechDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workdays.Prague()).Format("02.01.2006 15:04")
}

// byteSize formats a size in bytes for people ("25 MiB", "312 KiB").
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MiB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// czechSeconds formats t with seconds, for exports: "25.04.2017 09:30:05".
func czechSeconds(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workdays.Prague()).Format("02.01.2006 15:04:05")
}
