package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"linka/cases"
)

func TestActivitiesAPI(t *testing.T) {
	e := newEnv(t)
	c := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	path := "/api/v1/cases/" + c.Number + "/activities"
	type activity struct {
		ID          int64  `json:"id"`
		At          string `json:"at"`
		TakenBy     *int64 `json:"taken_by"`
		HandedTo    *int64 `json:"handed_to"`
		Description string `json:"description"`
		Done        bool   `json:"done"`
	}
	var a activity
	decodeInto(t, e.api(http.MethodPost, path, "clerk", map[string]any{"description": "po projednání předáno MP",
		"handed_to": e.user("doprava").ID, "at": "2026-03-09T08:15:00Z"}), http.StatusCreated, &a)
	if a.TakenBy == nil || *a.TakenBy != e.user("clerk").ID || a.Done || a.At != "2026-03-09T09:15:00+01:00" {
		t.Errorf("activity = %+v, want taken by the clerk, not done, at 09:15 Prague", a)
	}
	var done activity
	decodeInto(t, e.api(http.MethodPatch, path+"/"+itoa(a.ID), "doprava", map[string]any{"done": true}), http.StatusOK, &done)
	if !done.Done {
		t.Errorf("after PATCH done = %+v, want done", done)
	}
	var list apiPage[activity]
	decodeInto(t, e.api(http.MethodGet, path, "clerk", nil), http.StatusOK, &list)
	if list.Total != 1 || !list.Items[0].Done {
		t.Errorf("activities = %+v, want the one done activity", list)
	}
	tests := []struct {
		name, method, path, login string
		body                      any
		status                    int
		code, field               string
	}{
		{"no description", http.MethodPost, path, "clerk", map[string]any{"description": " "}, 422, cases.EInvalid, "description"},
		{"unknown user", http.MethodPost, path, "clerk", map[string]any{"description": "x", "handed_to": 999}, 422, cases.EInvalid, "handed_to"},
		{"done missing", http.MethodPatch, path + "/" + itoa(a.ID), "clerk", map[string]any{}, 422, cases.EInvalid, "done"},
		{"no such activity", http.MethodPatch, path + "/999", "clerk", map[string]any{"done": true}, 404, cases.ENotFound, ""},
		{"malformed id", http.MethodPatch, path + "/x", "clerk", map[string]any{"done": true}, 404, cases.ENotFound, ""},
		{"other department", http.MethodPost, path, "investice", map[string]any{"description": "x"}, 404, cases.ENotFound, ""},
		{"read-only DPO", http.MethodPost, path, "dpo", map[string]any{"description": "x"}, 403, cases.EForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantError(t, e.api(tt.method, tt.path, tt.login, tt.body), tt.status, tt.code, tt.field)
		})
	}
}

// multipartBody returns a multipart body with the given parts in order;
// the part named "file" is a file called name.
func multipartBody(t *testing.T, name string, content []byte, fields ...string) (*bytes.Buffer, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		if err := mw.WriteField(fields[i], fields[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if content != nil {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(content)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &buf, mw.FormDataContentType()
}

func TestAttachmentsAPI(t *testing.T) {
	e := newEnv(t, func(o *cases.Options) { o.MaxAttachment = 4 << 10 })
	c := e.newCase("clerk", cases.CaseInput{DepartmentID: e.deps["Doprava"]})
	path := "/api/v1/cases/" + c.Number + "/attachments"
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 100)...)
	body, ctype := multipartBody(t, "Stížnost – sken.pdf", pdf)
	rec := e.do(request{method: http.MethodPost, path: path, body: body, ctype: ctype, token: e.token("clerk")})
	var a struct {
		ID          int64  `json:"id"`
		Name        string `json:"name"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
		URL         string `json:"url"`
	}
	decodeInto(t, rec, http.StatusCreated, &a)
	if a.Name != "Stížnost – sken.pdf" || a.ContentType != "application/pdf" || a.Size != int64(len(pdf)) {
		t.Errorf("attachment = %+v, want the PDF's name, type and size", a)
	}
	var list apiPage[struct{ Name string }]
	decodeInto(t, e.api(http.MethodGet, path, "doprava", nil), http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].Name != a.Name {
		t.Errorf("attachments = %+v, want the one PDF", list)
	}

	dl := e.do(request{method: http.MethodGet, path: a.URL, token: e.token("doprava")})
	if dl.Code != http.StatusOK || !bytes.Equal(dl.Body.Bytes(), pdf) {
		t.Fatalf("download = %d with %d bytes, want 200 with the PDF", dl.Code, dl.Body.Len())
	}
	h := dl.Header()
	wantDisp := `attachment; filename="St__nost _ sken.pdf"; filename*=UTF-8''St%C3%AD%C5%BEnost%20%E2%80%93%20sken.pdf`
	if got := h.Get("Content-Disposition"); got != wantDisp {
		t.Errorf("Content-Disposition = %q, want %q", got, wantDisp)
	}
	if h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("download headers = %v, want the sniffed type, nosniff and a sandbox CSP", h)
	}

	html := []byte("<html><script>alert(1)</script></html>")
	body, ctype = multipartBody(t, "page.html", html, "note", "first a field")
	rec = e.do(request{method: http.MethodPost, path: path, body: body, ctype: ctype, token: e.token("clerk")})
	decodeInto(t, rec, http.StatusCreated, &a)
	if a.ContentType == "text/html" || strings.Contains(a.ContentType, "html") {
		t.Errorf("an HTML upload got content type %q; it must never be served as HTML", a.ContentType)
	}

	tests := []struct {
		name        string
		content     []byte
		fields      []string
		login       string
		status      int
		code, field string
	}{
		{"too large", bytes.Repeat([]byte("a"), 4<<10+1), nil, "clerk", 413, cases.ETooLarge, "file"},
		{"far too large", bytes.Repeat([]byte("a"), 4<<10+2<<20), nil, "clerk", 413, cases.ETooLarge, "file"},
		{"body over the limit", pdf, []string{"note", strings.Repeat("n", 2<<20)}, "clerk", 413, cases.ETooLarge, ""},
		{"empty file", []byte{}, nil, "clerk", 422, cases.EInvalid, "file"},
		{"no file part", nil, nil, "clerk", 422, cases.EInvalid, "file"},
		{"case of another department", pdf, nil, "investice", 404, cases.ENotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ctype := multipartBody(t, "a.txt", tt.content, tt.fields...)
			rec := e.do(request{method: http.MethodPost, path: path, body: body, ctype: ctype, token: e.token(tt.login)})
			wantError(t, rec, tt.status, tt.code, tt.field)
		})
	}
	notMultipart := e.api(http.MethodPost, path, "clerk", map[string]any{"file": "x"})
	wantError(t, notMultipart, http.StatusBadRequest, codeBadRequest, "")
	for _, p := range []string{path + "/999", path + "/abc", "/api/v1/cases/999999/attachments/1"} {
		wantError(t, e.do(request{method: http.MethodGet, path: p, token: e.token("clerk")}), 404, cases.ENotFound, "")
	}
}

func TestContentDisposition_Names(t *testing.T) {
	tests := []struct{ name, want string }{
		{"report.pdf", `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`},
		{"a b;c.txt", `attachment; filename="a b;c.txt"; filename*=UTF-8''a%20b%3Bc.txt`},
		{"žádost.docx", `attachment; filename="__dost.docx"; filename*=UTF-8''%C5%BE%C3%A1dost.docx`},
		{`x"y\z%.txt`, `attachment; filename="x_y_z_.txt"; filename*=UTF-8''x%22y%5Cz%25.txt`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := contentDisposition(tt.name); got != tt.want {
				t.Errorf("contentDisposition(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}
