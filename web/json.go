package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"linka/internal/workdays"
)

// maxJSONBody is the largest JSON or form body accepted (a case description
// may hold 50 000 characters).
const maxJSONBody = 1 << 20

// writeJSON writes v as the JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		// Only an unsupported type gets here: a programming error.
		http.Error(w, `{"error":{"code":"internal","message":"Internal error."}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// decodeJSON reads the request body as exactly one JSON value into dst,
// rejecting unknown fields. Errors are bad requests that say what is wrong,
// or a too-large error for an oversized body.
func decodeJSON(r *http.Request, dst any) error {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/json" {
		return badRequest("", "the request body must be JSON (Content-Type: application/json)")
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
			return err
		}
		return badRequest("", "the request body must hold a single JSON value")
	}
	return nil
}

// jsonError turns a decoding error into a bad request naming the problem.
func jsonError(err error) error {
	var (
		syntax  *json.SyntaxError
		typeErr *json.UnmarshalTypeError
		mbe     *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return badRequest("", "the request body is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return badRequest("", "malformed JSON: unexpected end of the body")
	case errors.As(err, &syntax):
		return badRequest("", "malformed JSON at byte %d: %v", syntax.Offset, syntax)
	case errors.As(err, &typeErr):
		return badRequest(typeErr.Field, "field %q must be a JSON %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return badRequest(field, "unknown field %q", field)
	}
	return badRequest("", "malformed JSON: %v", err)
}

// jsonKind names a Go kind as the JSON type a client should send.
func jsonKind(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "number"
	case kind == "bool":
		return "boolean"
	case kind == "slice", kind == "array":
		return "array"
	case kind == "struct", kind == "map":
		return "object"
	}
	return kind
}

// apiTime is an instant that encodes as RFC 3339 with the Europe/Prague
// offset ("2017-04-25T09:30:00+02:00"), or null when zero.
type apiTime time.Time

// MarshalJSON implements json.Marshaler.
func (t apiTime) MarshalJSON() ([]byte, error) {
	tt := time.Time(t)
	if tt.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + tt.In(workdays.Prague()).Format(time.RFC3339) + `"`), nil
}

// apiDate returns d for JSON: "YYYY-MM-DD", or nil (null) when zero.
func apiDate(d workdays.Date) *workdays.Date {
	if d.IsZero() {
		return nil
	}
	return &d
}

// ref returns id for JSON, or nil (null) when it is 0 (no reference).
func ref(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// opt is a JSON field of a partial update: Set tells a field that was
// given (null included, which sets the zero value) from an absent one.
type opt[T any] struct {
	Set bool
	V   T
}

// UnmarshalJSON implements json.Unmarshaler.
func (o *opt[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if string(b) == "null" {
		var zero T
		o.V = zero
		return nil
	}
	// The error is returned as is, so that the decoder can name the
	// field in a type error.
	return json.Unmarshal(b, &o.V)
}

// ptr returns a pointer to the value if the field was given, else nil.
func (o opt[T]) ptr() *T {
	if !o.Set {
		return nil
	}
	v := o.V
	return &v
}

// list is the JSON envelope of a collection that is not paged.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// page is the JSON envelope of one page of a collection.
type page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// newList wraps items, never encoding a nil slice as null.
func newList[T any](items []T) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: len(items)}
}

// newPage wraps one page of items.
func newPage[T any](items []T, total, limit, offset int) page[T] {
	if items == nil {
		items = []T{}
	}
	return page[T]{Items: items, Total: total, Limit: limit, Offset: offset}
}

// mapSlice converts every element of in with f.
func mapSlice[T, U any](in []T, f func(*T) U) []U {
	out := make([]U, 0, len(in))
	for i := range in {
		out = append(out, f(&in[i]))
	}
	return out
}
