package web

import "net/http"

// portalRoutes registers the routes of this area (see areas.go).
func (s *Server) portalRoutes(mux *http.ServeMux, c chains) {}

// portalMessages returns this area's message catalogues (Czech, English).
func portalMessages() (cs, en map[string]string) { return nil, nil }
