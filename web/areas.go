package web

import "net/http"

// chains are the middleware chains routes builds (see routes.go), handed to
// the areas that register their own routes.
type chains struct {
	open, staff, api, page, pbx chain
}

// areaRoutes lets each area of the UI kept in its own files register its
// routes: the clerk panel, the case workflow, intake, the citizen portal,
// the outbox, recordings, the voice gateway and reports.
func (s *Server) areaRoutes(mux *http.ServeMux, c chains) {
	s.panelRoutes(mux, c)
	s.workflowRoutes(mux, c)
	s.intakeRoutes(mux, c)
	s.portalRoutes(mux, c)
	s.outboxRoutes(mux, c)
	s.recordingRoutes(mux, c)
	s.ivrRoutes(mux, c)
	s.reportRoutes(mux, c)
}

// areaMessages lists the message catalogues (Czech, English) of the areas
// kept in their own files; catalogs merges them.
func areaMessages() []func() (cs, en map[string]string) {
	return []func() (cs, en map[string]string){
		panelMessages, workflowMessages, intakeMessages, portalMessages,
		outboxMessages, recordingMessages, ivrMessages, reportMessages,
	}
}
