package web

import "net/http"

// intakeRoutes registers the routes of this area (see areas.go).
func (s *Server) intakeRoutes(mux *http.ServeMux, c chains) {}

// intakeMessages returns this area's message catalogues (Czech, English).
func intakeMessages() (cs, en map[string]string) { return nil, nil }
