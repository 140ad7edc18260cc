package web

import "net/http"

// intakeRoutes registers the routes of this area (see areas.go): the
// state of the e-mail and scanned-letter intake sources.
func (s *Server) intakeRoutes(mux *http.ServeMux, c chains) {
	mux.Handle("GET /intake", c.page.then(s.intakePage))
	mux.Handle("GET /api/v1/intake", c.api.then(s.apiIntake))
}

// intakeMessages returns this area's message catalogues (Czech, English).
func intakeMessages() (cs, en map[string]string) {
	cs = map[string]string{
		"intake.nav":            "Příjem",
		"intake.title":          "Příjem e-mailů a skenů",
		"intake.not_configured": "Není nastavena žádná schránka ani sledovaná složka (viz docs/intake.md).",
		"intake.name":           "Zdroj",
		"intake.kind":           "Druh",
		"intake.kind.imap":      "E-mailová schránka",
		"intake.kind.folder":    "Složka skenů",
		"intake.target":         "Sleduje",
		"intake.state":          "Stav",
		"intake.connected":      "připojeno",
		"intake.idle":           "připojeno (IDLE)",
		"intake.disconnected":   "odpojeno",
		"intake.last_poll":      "Poslední kontrola",
		"intake.cases":          "Nové podněty",
		"intake.replies":        "Odpovědi",
		"intake.duplicates":     "Opakované",
		"intake.skipped":        "Automatické",
		"intake.failed":         "Chybné",
		"intake.last_error":     "Poslední chyba",
		// The history row of an attachment intake left out (too large).
		"field.attachment_omitted": "Vynechaná příloha",
	}
	en = map[string]string{
		"intake.nav":               "Intake",
		"intake.title":             "E-mail and scan intake",
		"intake.not_configured":    "No mailbox or watched folder is configured (see docs/intake.md).",
		"intake.name":              "Source",
		"intake.kind":              "Kind",
		"intake.kind.imap":         "E-mail mailbox",
		"intake.kind.folder":       "Scan folder",
		"intake.target":            "Watches",
		"intake.state":             "State",
		"intake.connected":         "connected",
		"intake.idle":              "connected (IDLE)",
		"intake.disconnected":      "disconnected",
		"intake.last_poll":         "Last check",
		"intake.cases":             "New cases",
		"intake.replies":           "Replies",
		"intake.duplicates":        "Repeated",
		"intake.skipped":           "Automatic",
		"intake.failed":            "Failed",
		"intake.last_error":        "Last error",
		"field.attachment_omitted": "Omitted attachment",
	}
	return cs, en
}
