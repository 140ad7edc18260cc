package web

import "net/http"

// ivrRoutes registers the routes of this area (see areas.go).
func (s *Server) ivrRoutes(mux *http.ServeMux, c chains) {}

// ivrMessages returns this area's message catalogues (Czech, English).
func ivrMessages() (cs, en map[string]string) { return nil, nil }
