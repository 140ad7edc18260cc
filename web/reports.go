package web

import "net/http"

// reportRoutes registers the routes of this area (see areas.go).
func (s *Server) reportRoutes(mux *http.ServeMux, c chains) {}

// reportMessages returns this area's message catalogues (Czech, English).
func reportMessages() (cs, en map[string]string) { return nil, nil }
