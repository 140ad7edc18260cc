package web

import (
	"net/http"
	"strings"
)

// panelRoutes registers the routes of this area (see areas.go): the clerk
// panel's JSON API, the office lists, the calls of a case and the CSV
// export of the register.
func (s *Server) panelRoutes(mux *http.ServeMux, c chains) {
	api := c.api.with(s.needPanel)
	pbx := c.pbx.with(s.needPanel)
	page := c.page.with(s.needPanel)

	mux.Handle("GET /cases.csv", c.page.then(s.registerCSV))
	mux.Handle("GET /panel/lists", page.then(s.listsPage))
	mux.Handle("POST /panel/lists/reasons", page.then(s.saveReasonPage))
	mux.Handle("POST /panel/lists/dispositions", page.then(s.saveDispositionPage))

	mux.Handle("GET /api/v1/panel", api.then(s.apiPanel))
	mux.Handle("POST /api/v1/panel/agent", pbx.then(s.apiPanelAgent))
	mux.Handle("POST /api/v1/panel/cases", api.then(s.apiPanelCase))
	mux.Handle("POST /api/v1/panel/wrapups", api.then(s.apiWrapUp))
	mux.Handle("GET /api/v1/panel/drafts/{call_id}", api.then(s.apiDraft))
	mux.Handle("PUT /api/v1/panel/drafts/{call_id}", api.then(s.apiSaveDraft))
	mux.Handle("DELETE /api/v1/panel/drafts/{call_id}", api.then(s.apiDeleteDraft))
	mux.Handle("GET /api/v1/cases/{number}/calls", api.then(s.apiCaseCalls))
	mux.Handle("POST /api/v1/cases/{number}/calls", api.then(s.apiLinkCall))
	mux.Handle("GET /api/v1/agent-reasons", api.then(s.apiReasons))
	mux.Handle("PUT /api/v1/agent-reasons/{code}", api.then(s.apiSaveReason))
	mux.Handle("GET /api/v1/dispositions", api.then(s.apiDispositions))
	mux.Handle("PUT /api/v1/dispositions/{code}", api.then(s.apiSaveDisposition))
}

// PanelMessages returns the messages of the panel's script (keys
// "panel.js.…" without that prefix), embedded in every staff page.
func (p basePage) PanelMessages() map[string]string {
	out := map[string]string{}
	for k, v := range p.msgs {
		if name, ok := strings.CutPrefix(k, "panel.js."); ok {
			out[name] = v
		} else if state, ok := strings.CutPrefix(k, "state."); ok {
			out["state_"+state] = v // case states, for the caller's cases
		}
	}
	return out
}

// SeesPanelLists reports whether the user edits the office lists of the
// panel (navigation entry).
func (p basePage) SeesPanelLists() bool { return p.User != nil && canEditLists(p.User) }

// panelMessages returns this area's message catalogues (Czech, English).
func panelMessages() (cs, en map[string]string) {
	cs, en = map[string]string{}, map[string]string{}
	for k, m := range panelCatalog() {
		cs[k], en[k] = m[0], m[1]
	}
	return cs, en
}
