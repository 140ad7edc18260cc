package web

import (
	"maps"
	"net/http"
	"time"
)

// langCookie stores the language the user chose.
const langCookie = "linka_lang"

// catalogs returns the message catalogues by language. Czech is the
// default; both have the same keys (a test checks it).
// The catalogues of the areas kept in their own files (areas.go) are
// merged in; a key defined twice is a defect a test reports.
func catalogs() map[string]map[string]string {
	cs, en := catalogCS(), catalogEN()
	for _, part := range areaMessages() {
		pcs, pen := part()
		maps.Copy(cs, pcs)
		maps.Copy(en, pen)
	}
	return map[string]map[string]string{"cs": cs, "en": en}
}

// langOf returns the language of the user interface for r.
func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "cs" || c.Value == "en") {
		return c.Value
	}
	return "cs"
}

// setLang serves GET /lang/{code}?next=: it stores the language for a year
// and returns to the page the user was on.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if _, ok := s.msgs[code]; !ok {
		code = "cs"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: code, Path: "/",
		MaxAge: int(365 * 24 * time.Hour / time.Second), HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}

func catalogCS() map[string]string {
	return map[string]string{
		"a11y.skip": "Přeskočit na obsah", "nav.label": "Hlavní nabídka", "nav.register": "Podněty občanů",
		"nav.new_case": "Nový podnět", "nav.contacts": "Kontakty", "nav.logout": "Odhlásit",
		"nav.language": "Jazyk", "yes": "Ano", "no": "Ne", "none": "— nezvoleno —", "save": "Uložit",

		"login.title": "Přihlášení", "login.login": "Přihlašovací jméno", "login.password": "Heslo",
		"login.submit": "Přihlásit", "login.wrong": "Nesprávné přihlašovací jméno nebo heslo.",
		"login.too_many": "Příliš mnoho neúspěšných pokusů. Zkuste to znovu za několik minut.",

		"error.title": "Chyba", "error.back": "Zpět na přehled podnětů",
		"error.not_found": "Hledaná stránka nebo záznam neexistuje, nebo k němu nemáte přístup.",

		"register.title": "Podněty občanů", "filter.title": "Filtr", "filter.q": "Hledat (číslo, text, jméno)",
		"filter.all": "— vše —", "filter.received_from": "Přijato od", "filter.received_to": "Přijato do",
		"filter.sort": "Řadit", "filter.overdue": "Jen po termínu", "filter.submit": "Hledat",
		"filter.reset": "Zrušit filtr",
		"list.showing": "Zobrazeno", "list.of": "z", "list.empty": "Nic nenalezeno.",
		"list.pages": "Stránkování", "list.prev": "Předchozí", "list.next": "Další",

		"col.number": "Evidenční číslo", "col.state": "Stav", "col.source": "Zdroj",
		"col.received": "Datum přijetí", "col.due": "Vyřídit do", "col.submitter": "Podávající",
		"col.assigned": "Přiděleno", "col.handled_by": "Aktuálně vyřizuje", "col.subject": "Popis",
		"col.department": "Odbor", "col.response_sent": "Odeslaná odpověď",

		"state.new": "Nový", "state.assigned": "Přidělený", "state.in_progress": "V řešení",
		"state.waiting": "Čeká na občana", "state.resolved": "Vyřízený", "state.rejected": "Neoprávněný",
		"state.forwarded": "Postoupený", "state.deferred": "Odložený",
		"source.TEL": "TEL", "source.EMAIL": "Email", "source.POST": "Pošta", "source.WEB": "WEB",
		"source.PERSON":   "Osobně",
		"priority.normal": "Běžná", "priority.high": "Vysoká",
		"sort.received_at": "Datum přijetí ↑", "sort.-received_at": "Datum přijetí ↓",
		"sort.due_date": "Vyřídit do ↑", "sort.-due_date": "Vyřídit do ↓",
		"sort.number": "Evidenční číslo ↑", "sort.-number": "Evidenční číslo ↓",
		"sort.updated_at": "Poslední změna ↑", "sort.-updated_at": "Poslední změna ↓",

		"case.title": "Podnět", "case.overdue": "po termínu", "case.saved": "Změny byly uloženy.",
		"case.tabs": "Části podnětu", "case.edit": "Údaje podnětu",
		"case.conflict": "Podnět mezitím změnil někdo jiný. Vaše změny nebyly uloženy – zůstaly ve formuláři níže.",
		"case.reload":   "Načíst aktuální verzi (vaše změny se zahodí)", "case.activities": "Činnosti",
		"case.no_activities": "Zatím žádné činnosti.", "case.no_attachments": "Žádné přílohy.",
		"case.no_history": "Žádné změny.", "case.anonymous": "anonymní", "case.system": "Linka",
		"tab.editor": "Editor", "tab.attachments": "Přílohy", "tab.history": "Historie",

		"field.received_at": "Datum přijetí", "field.submitter_id": "Podávající (číslo kontaktu)",
		"field.submitter": "Podávající", "field.source": "Zdroj", "field.state": "Stav",
		"field.due_date": "Vyřídit do", "field.handled_by": "Aktuálně vyřizuje",
		"field.assigned_to": "Přiděleno (komu)", "field.department_id": "Odbor", "field.department": "Odbor",
		"field.case_type_id": "Typ podnětu", "field.case_type": "Typ podnětu", "field.priority": "Priorita",
		"field.subject": "Předmět", "field.description": "Popis", "field.outcome": "Výsledek",
		"field.response": "Odpověď", "field.response_sent": "Odeslaná odpověď",
		"field.keep_informed": "Informovat občana e-mailem", "field.language": "Jazyk občana",
		"field.restricted": "Omezený přístup", "field.hidden_from": "Skryto před",
		"field.activity": "Činnost", "field.activity_done": "Činnost vyřízena", "field.attachment": "Příloha",

		"activity.at": "Datum", "activity.taken_by": "Převzal", "activity.description": "Popis",
		"activity.handed_to": "Předal komu", "activity.done": "Vyřízeno", "activity.add": "Přidat činnost",
		"activity.mark_done": "Označit jako vyřízené", "activity.reopen": "Vrátit",

		"attachment.name": "Soubor", "attachment.type": "Typ", "attachment.size": "Velikost",
		"attachment.at": "Přidáno", "attachment.by": "Přidal", "attachment.file": "Nová příloha",
		"attachment.max": "nejvýše", "attachment.upload": "Nahrát",

		"history.at": "Kdy", "history.user": "Kdo", "history.field": "Údaj", "history.old": "Původně",
		"history.new": "Nově",

		"new_case.title": "Nový podnět", "new_case.new_submitter": "Nový podávající",
		"new_case.submitter_hint": "Vyplňte, pokud podávající ještě nemá kontakt; jinak zadejte číslo kontaktu výše.",
		"new_case.submit":         "Založit podnět",

		"contacts.title": "Kontakty", "contacts.search": "Hledat kontakty", "contacts.q": "Jméno nebo text",
		"contacts.name": "Jméno",
		"contact.title": "Kontakt", "contact.new": "Nový kontakt", "contact.saved": "Kontakt byl uložen.",
		"contact.details": "Kontaktní údaje", "contact.cases": "Podněty kontaktu",
		"contact.new_case":   "Nový podnět od tohoto kontaktu",
		"contact.access_log": "Záznam přístupů k osobním údajům (CSV)",
		"contact.kind":       "Typ", "contact.vip": "VIP", "contact.employer": "Zaměstnavatel",
		"contact.title_before": "Titul 1", "contact.first_name": "Jméno", "contact.last_name": "Příjmení",
		"contact.title_after": "Titul", "contact.district": "Městská část", "contact.phone": "Telefon",
		"contact.mobile": "Mobil", "contact.email": "Email", "contact.street": "Ulice",
		"contact.postcode": "PSČ", "contact.city": "Město", "contact.note": "Poznámka",
		"kind.person": "Osoba", "kind.organisation": "Organizace",

		"csv.at": "Datum a čas", "csv.login": "Přihlašovací jméno", "csv.user": "Uživatel",
		"csv.object": "Objekt", "csv.object_id": "ID objektu", "csv.action": "Akce",

		"nav.callbacks": "Zpětná volání", "nav.calllog": "Hovory",
		"callbacks.title": "Zpětná volání", "callbacks.not_configured": "Fronta zpětných volání není nastavena.",
		"callbacks.placed": "Zpětné volání se spojuje – zvedněte telefon na své lince.",
		"callbacks.state":  "Stav", "callbacks.state.open": "Čeká na zavolání", "callbacks.state.done": "Vyřízené",
		"callbacks.state.all": "Vše", "callbacks.category": "Kategorie", "callbacks.number": "Číslo",
		"callbacks.contacts": "Kontakt", "callbacks.calls": "Počet hovorů", "callbacks.first_call": "První hovor",
		"callbacks.last_call": "Poslední hovor", "callbacks.attempts": "Pokusy", "callbacks.next": "Další pokus",
		"callbacks.result": "Výsledek", "callbacks.action": "Akce", "callbacks.call_back": "Zavolat zpět",
		"callbacks.talk": "hovor", "callbacks.no_attempts": "Zatím žádné", "callbacks.now": "ihned",
		"callbacks.never": "už žádný", "callbacks.time_to_callback": "za",
		"category.missed": "Zmeškaný", "category.abandoned": "Zavěsil ve frontě",
		"category.out_of_hours": "Mimo úřední hodiny",
		"resolution.reached":    "Občan zpětně zastižen", "resolution.called_in": "Občan se dovolal",
		"resolution.called_out": "Zastižen odchozím hovorem", "resolution.gave_up": "Nezastižen, pokusy vyčerpány",
		"outcome.pending": "probíhá", "outcome.reached": "zastižen", "outcome.too_short": "příliš krátký hovor",
		"outcome.no_answer": "nezvedá", "outcome.failed": "nespojeno", "outcome.not_placed": "ústředna hovor nezahájila",
		"outcome.unknown": "výsledek neznámý",

		"calllog.title": "Hovory", "calllog.not_configured": "Záznam hovorů není nastaven.",
		"calllog.number": "Telefonní číslo", "calllog.extension": "Linka", "calllog.from": "Od data",
		"calllog.to": "Do data", "calllog.direction": "Směr", "calllog.missed_only": "Jen zmeškané",
		"calllog.missed": "zmeškaný", "calllog.started": "Začátek", "calllog.caller": "Volající",
		"calllog.called": "Volané číslo", "calllog.extensions": "Linky", "calllog.answered_by": "Přijal",
		"calllog.ring": "Vyzvánění", "calllog.talk": "Hovor", "calllog.end": "Ukončení",
		"calllog.sources": "Zdroj záznamu", "calllog.contacts": "Kontakty", "calllog.cases": "Podněty",
		"calllog.in_progress": "probíhá",
		"direction.incoming":  "Příchozí", "direction.outgoing": "Odchozí", "direction.internal": "Interní",
		"direction.unknown": "Neznámý",
		"end.completed":     "Ukončen po hovoru", "end.missed": "Nepřijat (přestalo vyzvánět)",
		"end.abandoned": "Volající zavěsil", "end.unanswered": "Nepřijat", "end.failed": "Nespojen",
		"end.merged": "Spojen s jiným hovorem", "end.forwarded": "Přepojen ven", "end.lost": "Ztracen po obnovení spojení",
	}
}

func catalogEN() map[string]string {
	return map[string]string{
		"a11y.skip": "Skip to content", "nav.label": "Main menu", "nav.register": "Citizen submissions",
		"nav.new_case": "New submission", "nav.contacts": "Contacts", "nav.logout": "Sign out",
		"nav.language": "Language", "yes": "Yes", "no": "No", "none": "— none —", "save": "Save",

		"login.title": "Sign in", "login.login": "Login", "login.password": "Password",
		"login.submit": "Sign in", "login.wrong": "Wrong login or password.",
		"login.too_many": "Too many failed attempts. Try again in a few minutes.",

		"error.title": "Error", "error.back": "Back to the submissions",
		"error.not_found": "The page or record does not exist, or you may not see it.",

		"register.title": "Citizen submissions", "filter.title": "Filter", "filter.q": "Search (number, text, name)",
		"filter.all": "— all —", "filter.received_from": "Received from", "filter.received_to": "Received to",
		"filter.sort": "Sort by", "filter.overdue": "Overdue only", "filter.submit": "Search",
		"filter.reset": "Clear filter",
		"list.showing": "Showing", "list.of": "of", "list.empty": "Nothing found.",
		"list.pages": "Pages", "list.prev": "Previous", "list.next": "Next",

		"col.number": "Evidence number", "col.state": "State", "col.source": "Source",
		"col.received": "Received", "col.due": "Due", "col.submitter": "Submitter",
		"col.assigned": "Assigned", "col.handled_by": "Handled by", "col.subject": "Subject",
		"col.department": "Department", "col.response_sent": "Response sent",

		"state.new": "New", "state.assigned": "Assigned", "state.in_progress": "In progress",
		"state.waiting": "Waiting for citizen", "state.resolved": "Resolved", "state.rejected": "Unjustified",
		"state.forwarded": "Forwarded", "state.deferred": "Deferred",
		"source.TEL": "Phone", "source.EMAIL": "E-mail", "source.POST": "Post", "source.WEB": "Web",
		"source.PERSON":   "In person",
		"priority.normal": "Normal", "priority.high": "High",
		"sort.received_at": "Received ↑", "sort.-received_at": "Received ↓",
		"sort.due_date": "Due ↑", "sort.-due_date": "Due ↓",
		"sort.number": "Evidence number ↑", "sort.-number": "Evidence number ↓",
		"sort.updated_at": "Last change ↑", "sort.-updated_at": "Last change ↓",

		"case.title": "Submission", "case.overdue": "overdue", "case.saved": "The changes were saved.",
		"case.tabs": "Parts of the submission", "case.edit": "Submission details",
		"case.conflict": "Someone else changed this submission meanwhile. Your changes were not saved; they are still in the form below.",
		"case.reload":   "Load the current version (discards your changes)", "case.activities": "Activities",
		"case.no_activities": "No activities yet.", "case.no_attachments": "No attachments.",
		"case.no_history": "No changes.", "case.anonymous": "anonymous", "case.system": "Linka",
		"tab.editor": "Editor", "tab.attachments": "Attachments", "tab.history": "History",

		"field.received_at": "Received", "field.submitter_id": "Submitter (contact number)",
		"field.submitter": "Submitter", "field.source": "Source", "field.state": "State",
		"field.due_date": "Due", "field.handled_by": "Handled by",
		"field.assigned_to": "Assigned to", "field.department_id": "Department", "field.department": "Department",
		"field.case_type_id": "Type", "field.case_type": "Type", "field.priority": "Priority",
		"field.subject": "Subject", "field.description": "Description", "field.outcome": "Outcome",
		"field.response": "Response", "field.response_sent": "Response sent",
		"field.keep_informed": "Keep the citizen informed by e-mail", "field.language": "Citizen's language",
		"field.restricted": "Restricted", "field.hidden_from": "Hidden from",
		"field.activity": "Activity", "field.activity_done": "Activity done", "field.attachment": "Attachment",

		"activity.at": "Date", "activity.taken_by": "Taken by", "activity.description": "Description",
		"activity.handed_to": "Handed to", "activity.done": "Done", "activity.add": "Add activity",
		"activity.mark_done": "Mark done", "activity.reopen": "Reopen",

		"attachment.name": "File", "attachment.type": "Type", "attachment.size": "Size",
		"attachment.at": "Added", "attachment.by": "Added by", "attachment.file": "New attachment",
		"attachment.max": "at most", "attachment.upload": "Upload",

		"history.at": "When", "history.user": "Who", "history.field": "Field", "history.old": "Before",
		"history.new": "After",

		"new_case.title": "New submission", "new_case.new_submitter": "New submitter",
		"new_case.submitter_hint": "Fill in if the submitter has no contact yet; otherwise enter the contact number above.",
		"new_case.submit":         "Register submission",

		"contacts.title": "Contacts", "contacts.search": "Search contacts", "contacts.q": "Name or text",
		"contacts.name": "Name",
		"contact.title": "Contact", "contact.new": "New contact", "contact.saved": "The contact was saved.",
		"contact.details": "Contact details", "contact.cases": "Submissions of the contact",
		"contact.new_case":   "New submission from this contact",
		"contact.access_log": "Access log of this person's data (CSV)",
		"contact.kind":       "Type", "contact.vip": "VIP", "contact.employer": "Employer",
		"contact.title_before": "Title", "contact.first_name": "First name", "contact.last_name": "Last name",
		"contact.title_after": "Title after name", "contact.district": "City district", "contact.phone": "Phone",
		"contact.mobile": "Mobile", "contact.email": "E-mail", "contact.street": "Street",
		"contact.postcode": "Postcode", "contact.city": "City", "contact.note": "Note",
		"kind.person": "Person", "kind.organisation": "Organisation",

		"csv.at": "Date and time", "csv.login": "Login", "csv.user": "User",
		"csv.object": "Object", "csv.object_id": "Object ID", "csv.action": "Action",

		"nav.callbacks": "Callbacks", "nav.calllog": "Calls",
		"callbacks.title": "Callbacks", "callbacks.not_configured": "The callback queue is not configured.",
		"callbacks.placed": "The call-back is being placed – pick up the phone at your extension.",
		"callbacks.state":  "State", "callbacks.state.open": "Waiting for a call-back", "callbacks.state.done": "Done",
		"callbacks.state.all": "All", "callbacks.category": "Category", "callbacks.number": "Number",
		"callbacks.contacts": "Contact", "callbacks.calls": "Calls", "callbacks.first_call": "First call",
		"callbacks.last_call": "Last call", "callbacks.attempts": "Attempts", "callbacks.next": "Next attempt",
		"callbacks.result": "Result", "callbacks.action": "Action", "callbacks.call_back": "Call back",
		"callbacks.talk": "talk", "callbacks.no_attempts": "None yet", "callbacks.now": "now",
		"callbacks.never": "none", "callbacks.time_to_callback": "after",
		"category.missed": "Missed", "category.abandoned": "Hung up in the queue",
		"category.out_of_hours": "Out of hours",
		"resolution.reached":    "Reached by a call-back", "resolution.called_in": "The citizen got through",
		"resolution.called_out": "Reached by an outgoing call", "resolution.gave_up": "Not reached, attempts used up",
		"outcome.pending": "in progress", "outcome.reached": "reached", "outcome.too_short": "call too short",
		"outcome.no_answer": "no answer", "outcome.failed": "failed", "outcome.not_placed": "the PBX did not place the call",
		"outcome.unknown": "outcome unknown",

		"calllog.title": "Calls", "calllog.not_configured": "The call log is not configured.",
		"calllog.number": "Telephone number", "calllog.extension": "Extension", "calllog.from": "From date",
		"calllog.to": "To date", "calllog.direction": "Direction", "calllog.missed_only": "Missed only",
		"calllog.missed": "missed", "calllog.started": "Started", "calllog.caller": "Caller",
		"calllog.called": "Called number", "calllog.extensions": "Extensions", "calllog.answered_by": "Answered by",
		"calllog.ring": "Ringing", "calllog.talk": "Talk", "calllog.end": "Ended",
		"calllog.sources": "Source", "calllog.contacts": "Contacts", "calllog.cases": "Submissions",
		"calllog.in_progress": "in progress",
		"direction.incoming":  "Incoming", "direction.outgoing": "Outgoing", "direction.internal": "Internal",
		"direction.unknown": "Unknown",
		"end.completed":     "Completed", "end.missed": "Not answered (stopped ringing)",
		"end.abandoned": "Caller hung up", "end.unanswered": "Not answered", "end.failed": "Not connected",
		"end.merged": "Joined into another call", "end.forwarded": "Forwarded outside", "end.lost": "Lost after a resync",
	}
}
