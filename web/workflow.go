package web

import "net/http"

// workflowRoutes registers the routes of this area (see areas.go).
func (s *Server) workflowRoutes(mux *http.ServeMux, c chains) {}

// workflowMessages returns this area's message catalogues (Czech, English).
func workflowMessages() (cs, en map[string]string) { return nil, nil }
