// Package web is the HTTP layer of Linka: the staff user interface (the
// register of citizen submissions "Podněty občanů", the case and contact
// pages), the JSON API under /api/v1 and the operational endpoints /healthz,
// /readyz and /metrics.
//
// Handlers translate HTTP into calls of cases.Service and its results back
// into HTML or JSON; the business rules live in package cases. Every route
// is listed in routes.go. Staff pages and the API share the staff middleware
// chain (readiness gate, body limits, session or bearer authentication,
// CSRF); the citizen portal will get a chain of its own beside it.
//
// Domain errors are mapped to HTTP status codes in exactly one place,
// statusOf in errors.go; internal error details are logged and never shown.
package web
