package web

// The citizen portal's messages. "{max}" and "{at}" are filled in by the
// handlers.

func portalCS() map[string]string {
	return map[string]string{
		"field.access_code": "Přístupový kód vydán",

		"portal.nav": "Nabídka portálu", "portal.nav.form": "Podat podnět", "portal.nav.status": "Stav podnětu",
		"portal.privacy.title": "Informace o zpracování osobních údajů", "portal.a11y.title": "Prohlášení o přístupnosti",
		"portal.errors": "Formulář obsahuje chyby", "portal.problem": "Požadavek nelze vyřídit",
		"portal.back": "Zpět", "portal.back_hint": "Vraťte se tlačítkem Zpět v prohlížeči; vyplněné údaje zůstanou ve formuláři.",
		"portal.not_found": "Hledaná stránka neexistuje.",
		"portal.throttled": "Příliš mnoho neúspěšných pokusů. Další pokus bude možný v {at}.",
		"portal.locked":    "Příliš mnoho neúspěšných pokusů; přihlášení k tomuto podnětu nebo z vaší adresy je zablokováno do {at}. Nový přístupový kód vám vydá úřad.",
		"portal.number":    "Evidenční číslo podnětu", "portal.code": "Přístupový kód",

		"portal.home.title": "Podněty občanů", "portal.home.intro": "Zde můžete úřadu podat podnět, stížnost nebo žádost a sledovat, jak se vyřizuje.",
		"portal.home.form": "Podat podnět", "portal.home.form_hint": "webový formulář; odpověď vám pošleme e-mailem nebo poštou",
		"portal.home.status": "Zjistit stav podnětu", "portal.home.status_hint": "s evidenčním číslem a přístupovým kódem",

		"portal.form.title": "Podat podnět", "portal.form.intro": "Vyplňte prosím své údaje a popište, co chcete úřadu sdělit. Stačí uvést jeden kontakt – e-mail nebo telefon.",
		"portal.form.required_hint": "Povinné údaje jsou označeny hvězdičkou (*).",
		"portal.form.who":           "Kdo podnět podává", "portal.form.contact": "Kontakt",
		"portal.form.contact_hint": "Uveďte e-mail nebo telefon (stačí jeden kontakt).",
		"portal.form.content":      "Podnět", "portal.form.attachments": "Přílohy",
		"portal.form.attachments_hint": "Nejvýše souborů:", "portal.form.attachments_max": "dohromady nejvýše",
		"portal.form.js_too_large": "Vybrané soubory jsou dohromady větší než", "portal.form.js_too_many": "Vyberte nejvýše tolik souborů:",
		"portal.form.honeypot": "Toto pole nevyplňujte", "portal.form.check": "Ochrana proti robotům",
		"portal.form.privacy": "Jak s vašimi údaji nakládáme, popisuje", "portal.form.submit": "Odeslat",
		"portal.form.reset": "Smazat",
		"portal.form.name":  "Jméno a příjmení", "portal.form.street": "Ulice a číslo domu", "portal.form.city": "Obec / město",
		"portal.form.postcode": "PSČ", "portal.form.phone": "Kontaktní telefon", "portal.form.email": "Kontaktní e-mail",
		"portal.form.subject": "Předmět", "portal.form.text": "Obsah podnětu či žádosti",
		"portal.form.keep_informed": "Poslat kopii na uvedený e-mail a informovat mě o vyřizování",
		"portal.form.answer":        "Odpověď",
		"portal.form.too_many":      "Z vaší adresy bylo v poslední hodině odesláno příliš mnoho formulářů. Zkuste to prosím později nebo se obraťte na úřad.",
		"portal.form.expired":       "Platnost formuláře vypršela nebo chybí bezpečnostní údaj. Zkontrolujte údaje a odešlete formulář znovu.",
		"portal.form.spam":          "Formulář nebylo možné přijmout. Pokud jste člověk, nechte prázdné skryté pole a odešlete jej znovu, nebo se obraťte na úřad.",
		"portal.form.wrong_answer":  "Odpověď na kontrolní otázku není správná; napište ji prosím číslem nebo slovem.",
		"portal.form.too_large":     "Přiložené soubory jsou dohromady větší než {max}. Nic nebylo uloženo. Vraťte se zpět, vyberte menší soubory a odešlete formulář znovu.",
		"portal.form.malformed":     "Formulář nebylo možné přečíst. Načtěte jej znovu a odešlete.",

		"portal.sent.title": "Podnět byl přijat", "portal.sent.ok": "Děkujeme, váš podnět byl zaevidován pod číslem",
		"portal.sent.code_title": "Přístupový kód",
		"portal.sent.code_intro": "S evidenčním číslem a tímto kódem můžete sledovat stav podnětu. Opište si jej nebo si stránku vytiskněte:",
		"portal.sent.code_valid": "Kód platí do", "portal.sent.code_once": "Kód zobrazujeme jen teď; pokud jej ztratíte, vyžádejte si nový.",
		"portal.sent.no_code":  "Přístupový kód se teď nepodařilo vydat. Vyžádejte si jej prosím později na stránce Stav podnětu nebo u úřadu.",
		"portal.sent.repeated": "Formulář byl odeslán vícekrát; podnět je zaevidován jen jednou a platí kód uvedený výše.",
		"portal.sent.informed": "O vyřizování vás budeme informovat e-mailem.",
		"portal.sent.follow":   "Zobrazit stav podnětu",

		"portal.signin.title": "Stav podnětu", "portal.signin.intro": "Zadejte evidenční číslo podnětu a přístupový kód.",
		"portal.signin.code_hint": "Kód má 16 znaků ve skupinách po čtyřech, např. 7KQ2-M9XD-4HPA-0RTV; na velikosti písmen nezáleží.",
		"portal.signin.submit":    "Zobrazit stav", "portal.signin.no_code": "Nemáte kód?",
		"portal.signin.request": "Vyžádat nový kód e-mailem",
		"portal.signin.call":    "Kód vám také sdělí úřad, např. po telefonu.",

		"portal.view.title": "Podnět", "portal.view.updated": "Poslední změna", "portal.view.not_yet": "zatím nepřidělen",
		"portal.view.response_sent": "Odpověď vám byla odeslána.", "portal.view.no_response": "Odpověď zatím nebyla odeslána.",
		"portal.view.session": "Z bezpečnostních důvodů budete odhlášeni v", "portal.view.signout": "Odhlásit",

		"portal.request.title": "Nový přístupový kód", "portal.request.email": "E-mail uvedený v podnětu",
		"portal.request.intro":       "Pošleme nový přístupový kód na e-mail, který jste uvedli v podnětu. Nový kód nahradí ten dosavadní.",
		"portal.request.sent":        "Pokud evidenční číslo a e-mail odpovídají našim záznamům, poslali jsme na e-mail nový přístupový kód.",
		"portal.request.submit":      "Poslat kód",
		"portal.request.unavailable": "Kód zde nelze zaslat e-mailem. Obraťte se prosím na úřad.",
		"portal.request.back":        "Zpět na přihlášení",

		"portal.staff.title": "Přístupový kód pro občana",
		"portal.staff.hint":  "Občan s ním na portálu uvidí stav podnětu. Vydáním nového kódu přestane platit dosavadní.",
		"portal.staff.issue": "Vydat nový přístupový kód", "portal.staff.issued": "Přístupový kód vydán",
		"portal.staff.issued_intro": "Nový přístupový kód k podnětu",
		"portal.staff.issued_hint":  "Sdělte jej občanovi spolu s evidenčním číslem; zobrazuje se jen teď. Stav podnětu uvidí na",
		"portal.staff.back":         "Zpět na podnět",
	}
}

func portalEN() map[string]string {
	return map[string]string{
		"field.access_code": "Access code issued",

		"portal.nav": "Portal menu", "portal.nav.form": "Send a submission", "portal.nav.status": "Submission status",
		"portal.privacy.title": "Personal data notice", "portal.a11y.title": "Accessibility statement",
		"portal.errors": "The form has errors", "portal.problem": "The request cannot be completed",
		"portal.back": "Back", "portal.back_hint": "Go back with the browser's Back button; what you typed stays in the form.",
		"portal.not_found": "The page does not exist.",
		"portal.throttled": "Too many failed attempts. You can try again at {at}.",
		"portal.locked":    "Too many failed attempts; signing in to this submission or from your address is blocked until {at}. The office can give you a new access code.",
		"portal.number":    "Submission number", "portal.code": "Access code",

		"portal.home.title": "Citizen submissions", "portal.home.intro": "Here you can send the office a suggestion, complaint or request and follow how it is handled.",
		"portal.home.form": "Send a submission", "portal.home.form_hint": "a web form; we answer by e-mail or post",
		"portal.home.status": "Check a submission's status", "portal.home.status_hint": "with its number and access code",

		"portal.form.title": "Send a submission", "portal.form.intro": "Please fill in your details and tell the office what it is about. One contact is enough – an e-mail address or a telephone number.",
		"portal.form.required_hint": "Required fields are marked with an asterisk (*).",
		"portal.form.who":           "Who is sending it", "portal.form.contact": "Contact",
		"portal.form.contact_hint": "Give an e-mail address or a telephone number (one is enough).",
		"portal.form.content":      "Submission", "portal.form.attachments": "Attachments",
		"portal.form.attachments_hint": "Files at most:", "portal.form.attachments_max": "together at most",
		"portal.form.js_too_large": "The chosen files together are larger than", "portal.form.js_too_many": "Choose at most this many files:",
		"portal.form.honeypot": "Leave this field empty", "portal.form.check": "Check against robots",
		"portal.form.privacy": "How we handle your data is described in the", "portal.form.submit": "Send",
		"portal.form.reset": "Clear",
		"portal.form.name":  "Full name", "portal.form.street": "Street and house number", "portal.form.city": "Town / city",
		"portal.form.postcode": "Postcode", "portal.form.phone": "Telephone", "portal.form.email": "E-mail",
		"portal.form.subject": "Subject", "portal.form.text": "Text of the submission or request",
		"portal.form.keep_informed": "Send a copy to my e-mail and keep me informed",
		"portal.form.answer":        "Answer",
		"portal.form.too_many":      "Too many forms were sent from your address in the last hour. Please try again later or contact the office.",
		"portal.form.expired":       "The form has expired or lacks its security token. Check your details and send the form again.",
		"portal.form.spam":          "The form could not be accepted. If you are a person, leave the hidden field empty and send it again, or contact the office.",
		"portal.form.wrong_answer":  "The answer to the check question is not right; please write it as a number or a word.",
		"portal.form.too_large":     "The attached files together are larger than {max}. Nothing was stored. Go back, choose smaller files and send the form again.",
		"portal.form.malformed":     "The form could not be read. Load it again and send it.",

		"portal.sent.title": "Submission received", "portal.sent.ok": "Thank you, your submission was registered under number",
		"portal.sent.code_title": "Access code",
		"portal.sent.code_intro": "With the number and this code you can follow the submission's status. Write it down or print this page:",
		"portal.sent.code_valid": "The code is valid until", "portal.sent.code_once": "It is shown only now; if you lose it, ask for a new one.",
		"portal.sent.no_code":  "The access code could not be issued just now. Please ask for one later on the status page or at the office.",
		"portal.sent.repeated": "The form was sent more than once; the submission is registered once and the code above is valid.",
		"portal.sent.informed": "We will keep you informed by e-mail.",
		"portal.sent.follow":   "Show the submission's status",

		"portal.signin.title": "Submission status", "portal.signin.intro": "Enter the submission number and the access code.",
		"portal.signin.code_hint": "The code has 16 characters in groups of four, e.g. 7KQ2-M9XD-4HPA-0RTV; upper or lower case does not matter.",
		"portal.signin.submit":    "Show status", "portal.signin.no_code": "No code?",
		"portal.signin.request": "Ask for a new code by e-mail",
		"portal.signin.call":    "The office can also tell you the code, e.g. on the phone.",

		"portal.view.title": "Submission", "portal.view.updated": "Last change", "portal.view.not_yet": "not yet assigned",
		"portal.view.response_sent": "The response was sent to you.", "portal.view.no_response": "No response has been sent yet.",
		"portal.view.session": "For your security you will be signed out at", "portal.view.signout": "Sign out",

		"portal.request.title": "New access code", "portal.request.email": "E-mail given in the submission",
		"portal.request.intro":       "We send a new access code to the e-mail address you gave in the submission. The new code replaces the old one.",
		"portal.request.sent":        "If the number and the e-mail address match our records, we have sent a new access code to that address.",
		"portal.request.submit":      "Send the code",
		"portal.request.unavailable": "Codes cannot be sent by e-mail here. Please contact the office.",
		"portal.request.back":        "Back to sign-in",

		"portal.staff.title": "Access code for the citizen",
		"portal.staff.hint":  "With it the citizen sees the case's status on the portal. A new code makes the previous one invalid.",
		"portal.staff.issue": "Issue a new access code", "portal.staff.issued": "Access code issued",
		"portal.staff.issued_intro": "New access code of submission",
		"portal.staff.issued_hint":  "Give it to the citizen with the number; it is shown only now. The status is at",
		"portal.staff.back":         "Back to the submission",
	}
}
