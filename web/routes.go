package web

import (
	"net/http"

	"linka/cases"
)

// routes lists every route of the server in one place and builds the
// middleware chains.
//
//   - Operational endpoints and static files: no session, no readiness gate.
//   - open: the staff chain before authentication (gate, body limit,
//     same-origin check), for the sign-in form and the language switch.
//   - staff: open plus authentication and the CSRF check.
//   - api / page: staff plus the requirement of a signed-in user, answered
//     with 401 JSON or a redirect to the sign-in form.
//   - pbx: api plus a configured PBX link (503 without one).
//
// The citizen portal (web form, status page) will get its own public chain
// beside these: no staff session, its own rate limits and templates.
// The WebSocket event stream /api/v1/events sits on the api chain: its
// handler checks the Origin itself, since browsers send no CSRF header there.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()

	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metricsHandler())
	mux.Handle("GET /static/", s.staticHandler())

	open := chain{s.gate, s.limitBody, s.sameOrigin}
	staff := open.with(s.authenticate, s.csrf)
	api := staff.with(requireAPIUser)
	page := staff.with(requirePageUser)
	pbx := api.with(s.needTelephony)

	// Sign-in and language.
	mux.Handle("GET /login", open.then(s.loginForm))
	mux.Handle("POST /login", open.then(s.login))
	mux.Handle("POST /logout", staff.then(s.logout))
	mux.Handle("GET /lang/{code}", open.then(s.setLang))

	// Staff pages.
	mux.Handle("GET /{$}", page.then(s.registerPage))
	mux.Handle("GET /cases/new", page.then(s.newCaseForm))
	mux.Handle("POST /cases/new", page.then(s.createCasePage))
	mux.Handle("GET /cases/{number}", page.then(s.casePage))
	mux.Handle("POST /cases/{number}", page.then(s.updateCasePage))
	mux.Handle("POST /cases/{number}/activities", page.then(s.addActivityPage))
	mux.Handle("POST /cases/{number}/activities/{id}", page.then(s.activityDonePage))
	mux.Handle("POST /cases/{number}/attachments", page.then(s.uploadPage))
	mux.Handle("GET /contacts", page.then(s.contactsPage))
	mux.Handle("GET /contacts/new", page.then(s.newContactForm))
	mux.Handle("POST /contacts/new", page.then(s.createContactPage))
	mux.Handle("GET /contacts/{id}", page.then(s.contactPage))
	mux.Handle("POST /contacts/{id}", page.then(s.updateContactPage))
	mux.Handle("GET /callbacks", page.then(s.callbacksPage))
	mux.Handle("POST /callbacks/{id}/attempt", page.then(s.needCallbacks(s.callbackAttemptPage)))
	mux.Handle("GET /calllog", page.then(s.callLogPage))

	// JSON API: cases.
	mux.Handle("GET /api/v1/cases", api.then(s.apiListCases))
	mux.Handle("POST /api/v1/cases", api.then(s.apiCreateCase))
	mux.Handle("GET /api/v1/cases/{number}", api.then(s.apiCase))
	mux.Handle("PATCH /api/v1/cases/{number}", api.then(s.apiUpdateCase))
	mux.Handle("GET /api/v1/cases/{number}/history", api.then(s.apiHistory))
	mux.Handle("GET /api/v1/cases/{number}/activities", api.then(s.apiActivities))
	mux.Handle("POST /api/v1/cases/{number}/activities", api.then(s.apiAddActivity))
	mux.Handle("PATCH /api/v1/cases/{number}/activities/{id}", api.then(s.apiSetActivityDone))
	mux.Handle("GET /api/v1/cases/{number}/attachments", api.then(s.apiAttachments))
	mux.Handle("POST /api/v1/cases/{number}/attachments", api.then(s.apiAddAttachment))
	mux.Handle("GET /api/v1/cases/{number}/attachments/{id}", api.then(s.apiDownload))

	// JSON API: contacts.
	mux.Handle("GET /api/v1/contacts", api.then(s.apiListContacts))
	mux.Handle("POST /api/v1/contacts", api.then(s.apiCreateContact))
	mux.Handle("GET /api/v1/contacts/similar", api.then(s.apiSimilarContacts))
	mux.Handle("GET /api/v1/contacts/{id}", api.then(s.apiContact))
	mux.Handle("PUT /api/v1/contacts/{id}", api.then(s.apiUpdateContact))
	mux.Handle("GET /api/v1/contacts/{id}/cases", api.then(s.apiContactCases))
	mux.Handle("GET /api/v1/lookup", api.then(s.apiLookup))

	// JSON API: calls and the PBX.
	mux.Handle("GET /api/v1/calls", pbx.then(s.apiListCalls))
	mux.Handle("POST /api/v1/calls", pbx.then(s.apiDial))
	mux.Handle("GET /api/v1/calls/{id}", pbx.then(s.apiCall))
	mux.Handle("POST /api/v1/calls/{id}/answer", pbx.then(s.callCommand(Telephony.Answer)))
	mux.Handle("POST /api/v1/calls/{id}/hangup", pbx.then(s.callCommand(Telephony.Hangup)))
	mux.Handle("POST /api/v1/calls/{id}/hold", pbx.then(s.callCommand(Telephony.Hold)))
	mux.Handle("POST /api/v1/calls/{id}/retrieve", pbx.then(s.callCommand(Telephony.Retrieve)))
	mux.Handle("POST /api/v1/calls/{id}/transfer", pbx.then(s.apiTransfer))
	mux.Handle("POST /api/v1/agent", pbx.then(s.apiAgent))
	mux.Handle("GET /api/v1/extensions", pbx.then(s.apiExtensions))
	mux.Handle("GET /api/v1/pbx", api.then(s.apiPBX))
	s.callbackRoutes(mux, api, pbx) // JSON API: the callback queue (callbacks.go).
	mux.Handle("GET /api/v1/calllog", api.then(s.apiCallLog))
	mux.Handle("GET /api/v1/events", api.then(s.apiEvents)) // WebSocket (events.go).

	// JSON API: staff and settings.
	mux.Handle("GET /api/v1/me", api.then(s.apiMe))
	mux.Handle("GET /api/v1/users", api.then(s.apiUsers))
	mux.Handle("POST /api/v1/users", api.then(s.apiCreateUser))
	mux.Handle("PUT /api/v1/users/{id}", api.then(s.apiUpdateUser))
	mux.Handle("PUT /api/v1/users/{id}/password", api.then(s.apiSetPassword))
	mux.Handle("GET /api/v1/departments", api.then(s.apiDepartments))
	mux.Handle("POST /api/v1/departments", api.then(s.apiSaveDepartment))
	mux.Handle("PUT /api/v1/departments/{id}", api.then(s.apiSaveDepartment))
	mux.Handle("GET /api/v1/case-types", api.then(s.apiCaseTypes))
	mux.Handle("POST /api/v1/case-types", api.then(s.apiSaveCaseType))
	mux.Handle("PUT /api/v1/case-types/{id}", api.then(s.apiSaveCaseType))
	mux.Handle("GET /api/v1/access-log", api.then(s.apiAccessLog))

	// The areas kept in their own files register their routes here (areas.go).
	s.areaRoutes(mux, chains{open: open, staff: staff, api: api, page: page, pbx: pbx})

	// Anything else: a JSON 404 under /api/, an HTML one elsewhere.
	mux.Handle("/api/", open.then(s.notFound))
	mux.Handle("/", open.then(s.notFound))

	return s.base(mux)
}

// notFound answers requests no route matches.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, cases.Errorf(cases.ENotFound, "there is nothing at %s", r.URL.Path))
}
