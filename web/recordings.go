package web

import "net/http"

// recordingRoutes registers the routes of this area (see areas.go).
func (s *Server) recordingRoutes(mux *http.ServeMux, c chains) {}

// recordingMessages returns this area's message catalogues (Czech, English).
func recordingMessages() (cs, en map[string]string) { return nil, nil }
