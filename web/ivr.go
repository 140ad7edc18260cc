package web

import (
	"linka/cases"
	"net/http"

	"linka/ivr/sipua"
)

// ivrArea is the voice gateway area's part of the Server: the flow and
// prompt administration and the SIP gateway's state.
type ivrArea struct {
	admin  IVRAdmin
	status func() sipua.Status
}

// ivrRoutes registers the routes of this area (see areas.go): the admin
// page and its forms for PBX admins, and the JSON API /api/v1/ivr.
func (s *Server) ivrRoutes(mux *http.ServeMux, c chains) {
	page := func(h http.HandlerFunc) http.Handler { return c.page.then(s.needIVRPage(h)) }
	api := func(h http.HandlerFunc) http.Handler { return c.api.then(s.needIVR(h)) }
	mux.Handle("GET /ivr", c.page.then(s.needIVRPage(s.ivrAdminPage)))
	mux.Handle("GET /ivr/flows/{name}/{version}", page(s.ivrFlowEdit))
	mux.Handle("POST /ivr/flows", page(s.ivrFlowSave))
	mux.Handle("POST /ivr/flows/{name}/{version}/activate", page(s.ivrFlowActivate))
	mux.Handle("POST /ivr/prompts", page(s.ivrPromptUpload))
	mux.Handle("GET /ivr/prompts/{name}/{lang}/audio", page(s.promptAudio))
	mux.Handle("POST /ivr/prompts/{name}/{lang}/delete", page(s.ivrPromptDelete))

	mux.Handle("GET /api/v1/ivr/status", api(s.apiIVRStatus))
	mux.Handle("GET /api/v1/ivr/flows", api(s.apiFlows))
	mux.Handle("POST /api/v1/ivr/flows", api(s.apiSaveFlow))
	mux.Handle("GET /api/v1/ivr/flows/{name}/versions/{version}", api(s.apiFlowVersion))
	mux.Handle("POST /api/v1/ivr/flows/{name}/versions/{version}/activate", api(s.apiActivateFlow))
	mux.Handle("GET /api/v1/ivr/prompts", api(s.apiPrompts))
	mux.Handle("POST /api/v1/ivr/prompts", api(s.apiUploadPrompt))
	mux.Handle("GET /api/v1/ivr/prompts/{name}/{lang}/audio", api(s.promptAudio))
	mux.Handle("DELETE /api/v1/ivr/prompts/{name}/{lang}", api(s.apiDeletePrompt))
}

// needIVRPage lets PBX admins see the admin page even before the gateway
// is configured (the page says so); everything else needs it configured.
func (s *Server) needIVRPage(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.ivr.admin == nil && r.Method == http.MethodGet && r.URL.Path == "/ivr" && userOf(r).Has(cases.RolePBXAdmin) {
			next(w, r)
			return
		}
		s.needIVR(next)(w, r)
	}
}

// ivrMessages returns this area's message catalogues (Czech, English).
func ivrMessages() (cs, en map[string]string) {
	cs = map[string]string{
		"nav.ivr": "Hlasová brána", "ivr.title": "Hlasová brána", "ivr.flow_title": "Tok hovoru",
		"ivr.not_configured": "Hlasová brána není nastavena (spusťte Linku s -ivr-listen).",
		"ivr.status":         "Stav brány", "ivr.mode": "Režim", "ivr.listen": "SIP adresa", "ivr.registered": "Registrace",
		"ivr.registered_yes": "registrováno", "ivr.registered_no": "neregistrováno", "ivr.calls": "Hovory nyní / celkem",
		"ivr.last_error": "Poslední chyba",
		"ivr.flows":      "Toky hovorů", "ivr.flow": "Tok", "ivr.version": "Verze", "ivr.note": "Poznámka",
		"ivr.created": "Uloženo", "ivr.active": "Aktivní", "ivr.activated": "Verze je aktivní; nové hovory ji použijí.",
		"ivr.activate": "Aktivovat", "ivr.edit": "Upravit", "ivr.no_flows": "Zatím žádný tok hovoru.",
		"ivr.saved":   "Nová verze uložena. Aktivujte ji, až bude hotová.",
		"ivr.prompts": "Hlášky", "ivr.prompt": "Hláška", "ivr.language": "Jazyk", "ivr.duration": "Délka",
		"ivr.source": "Původní soubor", "ivr.text": "Text", "ivr.updated": "Nahráno", "ivr.listen_to": "Poslech",
		"ivr.delete": "Smazat", "ivr.no_prompts": "Zatím žádné hlášky.", "ivr.upload": "Nahrát hlášku",
		"ivr.upload_hint": "WAV v libovolné vzorkovací frekvenci; převede se na 8 kHz mono.",
		"ivr.file":        "Soubor WAV", "ivr.name": "Název", "ivr.uploaded": "Hláška nahrána.", "ivr.deleted": "Hláška smazána.",
		"ivr.definition": "Definice toku (JSON)", "ivr.definition_hint": "Uzly: play, menu, time, notice, transfer, callback, hangup; viz docs/ivr.md.",
		"ivr.save_version": "Uložit jako novou verzi", "ivr.nodes": "Uzly", "ivr.node": "Uzel", "ivr.kind": "Druh",
		"ivr.label": "Popis", "ivr.branches": "Pokračuje", "ivr.start": "začátek",
		"ivr.problems": "Kontrola našla problémy; tuto verzi nelze aktivovat:", "ivr.valid": "Tok je v pořádku.",
		"ivr.back": "Zpět na hlasovou bránu", "ivr.audio_unsupported": "Prohlížeč neumí přehrát zvuk.",
		"ivr.kind.play": "hláška", "ivr.kind.menu": "menu", "ivr.kind.time": "úřední hodiny", "ivr.kind.notice": "upozornění na nahrávání",
		"ivr.kind.transfer": "přepojení", "ivr.kind.callback": "zpětné volání", "ivr.kind.hangup": "zavěšení",
	}
	en = map[string]string{
		"nav.ivr": "Voice gateway", "ivr.title": "Voice gateway", "ivr.flow_title": "Call flow",
		"ivr.not_configured": "The voice gateway is not configured (start Linka with -ivr-listen).",
		"ivr.status":         "Gateway state", "ivr.mode": "Mode", "ivr.listen": "SIP address", "ivr.registered": "Registration",
		"ivr.registered_yes": "registered", "ivr.registered_no": "not registered", "ivr.calls": "Calls now / total",
		"ivr.last_error": "Last error",
		"ivr.flows":      "Call flows", "ivr.flow": "Flow", "ivr.version": "Version", "ivr.note": "Note",
		"ivr.created": "Saved", "ivr.active": "Active", "ivr.activated": "The version is active; new calls use it.",
		"ivr.activate": "Activate", "ivr.edit": "Edit", "ivr.no_flows": "No call flow yet.",
		"ivr.saved":   "New version saved. Activate it when it is ready.",
		"ivr.prompts": "Prompts", "ivr.prompt": "Prompt", "ivr.language": "Language", "ivr.duration": "Length",
		"ivr.source": "Original file", "ivr.text": "Text", "ivr.updated": "Uploaded", "ivr.listen_to": "Listen",
		"ivr.delete": "Delete", "ivr.no_prompts": "No prompts yet.", "ivr.upload": "Upload a prompt",
		"ivr.upload_hint": "WAV at any sample rate; it is converted to 8 kHz mono.",
		"ivr.file":        "WAV file", "ivr.name": "Name", "ivr.uploaded": "Prompt uploaded.", "ivr.deleted": "Prompt deleted.",
		"ivr.definition": "Flow definition (JSON)", "ivr.definition_hint": "Nodes: play, menu, time, notice, transfer, callback, hangup; see docs/ivr.md.",
		"ivr.save_version": "Save as a new version", "ivr.nodes": "Nodes", "ivr.node": "Node", "ivr.kind": "Kind",
		"ivr.label": "Label", "ivr.branches": "Goes on to", "ivr.start": "start",
		"ivr.problems": "Validation found problems; this version cannot be activated:", "ivr.valid": "The flow is valid.",
		"ivr.back": "Back to the voice gateway", "ivr.audio_unsupported": "The browser cannot play audio.",
		"ivr.kind.play": "announcement", "ivr.kind.menu": "menu", "ivr.kind.time": "office hours", "ivr.kind.notice": "recording notice",
		"ivr.kind.transfer": "transfer", "ivr.kind.callback": "callback", "ivr.kind.hangup": "hang up",
	}
	return cs, en
}
