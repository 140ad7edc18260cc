package web

import "net/http"

// panelRoutes registers the routes of this area (see areas.go).
func (s *Server) panelRoutes(mux *http.ServeMux, c chains) {}

// panelMessages returns this area's message catalogues (Czech, English).
func panelMessages() (cs, en map[string]string) { return nil, nil }
