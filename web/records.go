package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"linka/cases"
)

// apiActivities serves GET /api/v1/cases/{number}/activities.
func (s *Server) apiActivities(w http.ResponseWriter, r *http.Request) {
	list, err := s.svc.Activities(r.Context(), userOf(r), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(list, toActivityJSON)))
}

// apiAddActivity serves POST /api/v1/cases/{number}/activities.
func (s *Server) apiAddActivity(w http.ResponseWriter, r *http.Request) {
	var in activityCreateJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.svc.AddActivity(r.Context(), userOf(r), r.PathValue("number"), cases.Activity{
		At: in.At, TakenBy: in.TakenBy, Description: in.Description, HandedTo: in.HandedTo, Done: in.Done})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toActivityJSON(a))
}

// apiSetActivityDone serves PATCH /api/v1/cases/{number}/activities/{id}
// with {"done": true|false}.
func (s *Server) apiSetActivityDone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "activity")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		Done *bool `json:"done"`
	}
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Done == nil {
		s.fail(w, r, cases.Invalid("done", "done (true or false) is required"))
		return
	}
	a, err := s.svc.SetActivityDone(r.Context(), userOf(r), r.PathValue("number"), id, *in.Done)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toActivityJSON(a))
}

// apiAttachments serves GET /api/v1/cases/{number}/attachments.
func (s *Server) apiAttachments(w http.ResponseWriter, r *http.Request) {
	number := r.PathValue("number")
	list, err := s.svc.Attachments(r.Context(), userOf(r), number)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(list, func(a *cases.Attachment) attachmentJSON {
		return toAttachmentJSON(number, a)
	})))
}

// apiAddAttachment serves POST /api/v1/cases/{number}/attachments with a
// multipart body whose part "file" is the content.
func (s *Server) apiAddAttachment(w http.ResponseWriter, r *http.Request) {
	a, err := s.upload(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", attachmentURL(r.PathValue("number"), a.ID))
	writeJSON(w, http.StatusCreated, toAttachmentJSON(r.PathValue("number"), a))
}

// upload stores the multipart part "file" of r as an attachment of the case
// in the path. A form already parsed (for its CSRF field) is used as is;
// otherwise the part is streamed straight into the blob store.
func (s *Server) upload(r *http.Request) (*cases.Attachment, error) {
	defer removeMultipart(r)
	number := r.PathValue("number")
	if r.MultipartForm != nil {
		files := r.MultipartForm.File["file"]
		if len(files) == 0 {
			return nil, cases.Invalid("file", "choose a file to upload")
		}
		f, err := files[0].Open()
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return s.svc.AddAttachment(r.Context(), userOf(r), number, files[0].Filename, f)
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, badRequest("", "the body must be multipart/form-data with a part named file")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, cases.Invalid("file", "choose a file to upload")
		}
		if err != nil {
			return nil, formError(err)
		}
		if part.FormName() == "file" {
			a, err := s.svc.AddAttachment(r.Context(), userOf(r), number, part.FileName(), part)
			_ = part.Close()
			return a, err
		}
		_ = part.Close()
	}
}

// apiDownload serves GET /api/v1/cases/{number}/attachments/{id}: the file
// with its sniffed content type, always as a download, never rendered.
func (s *Server) apiDownload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "attachment")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, rc, err := s.svc.OpenAttachment(r.Context(), userOf(r), r.PathValue("number"), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", contentDisposition(a.Name))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", a.CreatedAt, rc)
}

// contentDisposition returns an attachment disposition with the file name
// twice: an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 5987).
func contentDisposition(name string) string {
	fallback := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			return '_'
		}
		return r
	}, name)
	return `attachment; filename="` + fallback + `"; filename*=UTF-8''` + rfc5987(name)
}

// rfc5987 percent-encodes s except for the attr-chars of RFC 5987.
func rfc5987(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}
