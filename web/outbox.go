package web

import "net/http"

// outboxRoutes registers the routes of this area (see areas.go).
func (s *Server) outboxRoutes(mux *http.ServeMux, c chains) {}

// outboxMessages returns this area's message catalogues (Czech, English).
func outboxMessages() (cs, en map[string]string) { return nil, nil }
