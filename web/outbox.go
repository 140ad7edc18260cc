package web

import (
	"context"
	"io"
	"net/http"

	"linka/cases"
)

// MailFolder is the folder the file transport writes mail into (a
// *gomail.Folder), listed in the outbox page so the demo needs no SMTP
// server.
type MailFolder interface {
	// List returns the newest max files, newest first.
	List(ctx context.Context, max int) ([]cases.MailFile, error)
	// Open returns one file; a name the folder did not write is ENotFound.
	Open(ctx context.Context, name string) (io.ReadSeekCloser, error)
}

// outboxRoutes registers the routes of this area (see areas.go): the
// outbox page with its retry action and the mail folder, the template
// editor with its preview, and their JSON API.
func (s *Server) outboxRoutes(mux *http.ServeMux, c chains) {
	mux.Handle("GET /outbox", c.page.then(s.outboxPage))
	mux.Handle("POST /outbox/{id}/retry", c.page.then(s.outboxRetryPage))
	mux.Handle("GET /outbox/mail/{name}", c.page.then(s.outboxMailFile))
	mux.Handle("GET /outbox/templates", c.page.then(s.outboxTemplatesPage))
	mux.Handle("GET /outbox/templates/{kind}/{lang}", c.page.then(s.outboxTemplatePage))
	mux.Handle("POST /outbox/templates/{kind}/{lang}", c.page.then(s.outboxSaveTemplatePage))
	mux.Handle("POST /outbox/templates/{kind}/{lang}/preview", c.page.then(s.outboxPreviewHTML))

	mux.Handle("GET /api/v1/notifications", c.api.then(s.apiNotifications))
	mux.Handle("POST /api/v1/notifications/{id}/retry", c.api.then(s.apiRetryNotification))
	mux.Handle("GET /api/v1/notification-templates", c.api.then(s.apiNotificationTemplates))
	mux.Handle("GET /api/v1/notification-templates/{kind}/{lang}", c.api.then(s.apiNotificationTemplate))
	mux.Handle("PUT /api/v1/notification-templates/{kind}/{lang}", c.api.then(s.apiSaveNotificationTemplate))
	mux.Handle("DELETE /api/v1/notification-templates/{kind}/{lang}", c.api.then(s.apiResetNotificationTemplate))
	mux.Handle("POST /api/v1/notification-templates/{kind}/{lang}/preview", c.api.then(s.apiPreviewNotificationTemplate))
}

// SeesOutbox reports whether the user may see the outbox: admins and
// supervisors.
func (p basePage) SeesOutbox() bool {
	return p.User != nil && p.User.Active && (p.User.Has(cases.RoleAdmin) || p.User.Has(cases.RoleSupervisor))
}

// outboxMessages returns this area's message catalogues (Czech, English).
func outboxMessages() (cs, en map[string]string) {
	cs = map[string]string{
		"nav.outbox":                    "Odchozí pošta",
		"outbox.title":                  "Odchozí pošta",
		"outbox.counts":                 "Ve frontě: %d, odesláno: %d, selhalo: %d",
		"outbox.state":                  "Stav",
		"outbox.state.pending":          "Čeká na odeslání",
		"outbox.state.sent":             "Odesláno",
		"outbox.state.failed":           "Selhalo",
		"outbox.created":                "Vytvořeno",
		"outbox.kind":                   "Druh",
		"outbox.to":                     "Komu",
		"outbox.case":                   "Podnět",
		"outbox.attempts":               "Pokusy",
		"outbox.next":                   "Další pokus",
		"outbox.sent_at":                "Odesláno",
		"outbox.error":                  "Poslední chyba",
		"outbox.retry":                  "Odeslat znovu",
		"outbox.retried":                "Zpráva čeká na nové odeslání.",
		"outbox.templates":              "Šablony zpráv",
		"outbox.mail":                   "Zapsané zprávy (složka)",
		"outbox.mail_note":              "Zprávy se neodesílají přes SMTP, ale zapisují jako soubory .eml do složky.",
		"outbox.mail_file":              "Soubor",
		"outbox.mail_subject":           "Předmět",
		"outbox.mail_written":           "Zapsáno",
		"outbox.open":                   "Zobrazit",
		"outbox.download":               "Stáhnout",
		"outbox.lang":                   "Jazyk",
		"outbox.lang.cs":                "čeština",
		"outbox.lang.en":                "angličtina",
		"outbox.custom":                 "Upravená",
		"outbox.default":                "Výchozí",
		"outbox.edit":                   "Upravit",
		"outbox.template_title":         "Šablona zprávy",
		"outbox.subject":                "Předmět",
		"outbox.text":                   "Text (prostý text)",
		"outbox.html":                   "HTML",
		"outbox.html_hint":              "Prázdné HTML: zpráva bude jen v prostém textu. Hodnoty jsou v HTML escapovány.",
		"outbox.fields":                 "Pole šablony",
		"outbox.save":                   "Uložit",
		"outbox.preview":                "Náhled",
		"outbox.preview_html":           "Otevřít náhled HTML",
		"outbox.reset":                  "Obnovit výchozí",
		"outbox.saved":                  "Šablona byla uložena.",
		"outbox.was_reset":              "Šablona byla vrácena na výchozí.",
		"outbox.preview_title":          "Náhled s ukázkovými údaji",
		"outbox.html_source":            "Zdroj HTML",
		"outbox.back":                   "Zpět na šablony",
		"outbox.kind.received":          "Podnět přijat",
		"outbox.kind.accepted":          "Přijat k vyřízení",
		"outbox.kind.handed_over":       "Předán",
		"outbox.kind.deadline_extended": "Prodloužení lhůty",
		"outbox.kind.waiting":           "Čeká na doplnění",
		"outbox.kind.resolved":          "Vyřízen",
		"outbox.kind.rejected":          "Odmítnut",
		"outbox.kind.forwarded":         "Postoupen",
		"outbox.kind.deferred":          "Odložen",
		"outbox.kind.access_code":       "Přístupový kód",
		"outbox.kind.generic":           "Obecná zpráva (přehledy)",
	}
	en = map[string]string{
		"nav.outbox":                    "Outbox",
		"outbox.title":                  "Outbox",
		"outbox.counts":                 "Queued: %d, sent: %d, failed: %d",
		"outbox.state":                  "State",
		"outbox.state.pending":          "Waiting to be sent",
		"outbox.state.sent":             "Sent",
		"outbox.state.failed":           "Failed",
		"outbox.created":                "Created",
		"outbox.kind":                   "Kind",
		"outbox.to":                     "To",
		"outbox.case":                   "Case",
		"outbox.attempts":               "Attempts",
		"outbox.next":                   "Next attempt",
		"outbox.sent_at":                "Sent",
		"outbox.error":                  "Last error",
		"outbox.retry":                  "Send again",
		"outbox.retried":                "The message is queued to be sent again.",
		"outbox.templates":              "Message templates",
		"outbox.mail":                   "Written messages (folder)",
		"outbox.mail_note":              "Messages are not sent by SMTP but written as .eml files into a folder.",
		"outbox.mail_file":              "File",
		"outbox.mail_subject":           "Subject",
		"outbox.mail_written":           "Written",
		"outbox.open":                   "Open",
		"outbox.download":               "Download",
		"outbox.lang":                   "Language",
		"outbox.lang.cs":                "Czech",
		"outbox.lang.en":                "English",
		"outbox.custom":                 "Changed",
		"outbox.default":                "Default",
		"outbox.edit":                   "Edit",
		"outbox.template_title":         "Message template",
		"outbox.subject":                "Subject",
		"outbox.text":                   "Text (plain)",
		"outbox.html":                   "HTML",
		"outbox.html_hint":              "Empty HTML: the message is plain text only. Values are escaped in HTML.",
		"outbox.fields":                 "Template fields",
		"outbox.save":                   "Save",
		"outbox.preview":                "Preview",
		"outbox.preview_html":           "Open the HTML preview",
		"outbox.reset":                  "Restore the default",
		"outbox.saved":                  "The template was saved.",
		"outbox.was_reset":              "The template was restored to the default.",
		"outbox.preview_title":          "Preview with sample data",
		"outbox.html_source":            "HTML source",
		"outbox.back":                   "Back to the templates",
		"outbox.kind.received":          "Submission received",
		"outbox.kind.accepted":          "Accepted",
		"outbox.kind.handed_over":       "Handed over",
		"outbox.kind.deadline_extended": "Deadline extended",
		"outbox.kind.waiting":           "Waiting for the citizen",
		"outbox.kind.resolved":          "Resolved",
		"outbox.kind.rejected":          "Rejected",
		"outbox.kind.forwarded":         "Forwarded",
		"outbox.kind.deferred":          "Deferred",
		"outbox.kind.access_code":       "Access code",
		"outbox.kind.generic":           "Generic message (reports)",
	}
	return cs, en
}
