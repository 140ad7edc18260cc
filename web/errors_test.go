package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"linka/cases"
)

func TestStatusOf_Codes(t *testing.T) {
	tests := []struct {
		code string
		want int
	}{
		{cases.ENotFound, http.StatusNotFound},
		{cases.EInvalid, http.StatusUnprocessableEntity},
		{cases.EConflict, http.StatusConflict},
		{cases.EUnauthorized, http.StatusUnauthorized},
		{cases.EForbidden, http.StatusForbidden},
		{cases.ETooLarge, http.StatusRequestEntityTooLarge},
		{cases.EUnavailable, http.StatusServiceUnavailable},
		{cases.EInternal, http.StatusInternalServerError},
		{codeBadRequest, http.StatusBadRequest},
		{codeTooMany, http.StatusTooManyRequests},
		{"something_new", http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := statusOf(tt.code); got != tt.want {
				t.Errorf("statusOf(%q) = %d, want %d", tt.code, got, tt.want)
			}
		})
	}
}

func TestAPIError_Body(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		err    error
		status int
		code   string
		field  string
		hidden string // must not appear in the body
	}{
		{"domain error wrapped", fmt.Errorf("load: %w", cases.Errorf(cases.ENotFound, "case not found")),
			http.StatusNotFound, cases.ENotFound, "", ""},
		{"validation names the field", cases.Invalid("subject", "the subject is required"),
			http.StatusUnprocessableEntity, cases.EInvalid, "subject", ""},
		{"internal error is hidden", errors.New("pq: password authentication failed for user linka"),
			http.StatusInternalServerError, cases.EInternal, "", "password authentication"},
		{"oversized body", &http.MaxBytesError{Limit: 1 << 20},
			http.StatusRequestEntityTooLarge, cases.ETooLarge, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/api/v1/cases", nil)
			e.srv.apiError(rec, r, tt.err)
			wantError(t, rec, tt.status, tt.code, tt.field)
			if tt.hidden != "" && strings.Contains(rec.Body.String(), tt.hidden) {
				t.Errorf("body %s shows the internal detail %q", rec.Body, tt.hidden)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
		})
	}
	if !strings.Contains(e.logs.String(), "password authentication failed") {
		t.Errorf("the internal error was not logged; log:\n%s", e.logs)
	}
}

func TestServer_UnknownRoutes(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path, ctype string
	}{
		{"/api/v1/nothing", "application/json"},
		{"/nothing", "text/html"},
		{"/static/", "text/plain"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := e.do(request{method: http.MethodGet, path: tt.path})
			if rec.Code != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", tt.path, rec.Code)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("GET %s Content-Type = %q, want %s", tt.path, ct, tt.ctype)
			}
		})
	}
}
