package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"linka/cases"
)

// localize returns the user-facing message of err in the language of r.
// Domain errors are English sentences made by cases.Errorf; the Czech
// catalogue translates their formats, so the arguments (limits, values)
// survive translation. An untranslated message falls back to English.
func localize(r *http.Request, err error) string {
	var e *cases.Error
	if !errors.As(err, &e) {
		return cases.ErrorMessage(err)
	}
	if !wantsCzech(r) {
		return e.Message
	}
	format, args := e.Template()
	if cs, ok := errorCatalogCS()[format]; ok {
		return fmt.Sprintf(cs, args...)
	}
	if cs, ok := errorCodesCS()[e.Code]; ok {
		return cs
	}
	return e.Message
}

// errorCodesCS is the Czech message of each error code, for errors whose
// own text has no translation (e.g. the store's "case 8620 not found").
func errorCodesCS() map[string]string {
	return map[string]string{
		cases.ENotFound:     "Záznam nebyl nalezen.",
		cases.EConflict:     "Záznam mezitím změnil někdo jiný nebo už existuje; načtěte jej znovu.",
		cases.EInvalid:      "Neplatná hodnota.",
		cases.EUnauthorized: "Přihlaste se prosím.",
		cases.EForbidden:    "K této akci nemáte oprávnění.",
		cases.ETooLarge:     "Soubor nebo požadavek je příliš velký.",
		cases.EUnavailable:  "Služba je dočasně nedostupná; zkuste to za chvíli.",
		cases.EInternal:     "Vnitřní chyba.",
		codeBadRequest:      "Chybný požadavek.",
		codeRefused:         "Ústředna požadavek odmítla.",
	}
}

// wantsCzech tells whether r wants Czech messages: pages follow the
// language of the staff UI (Czech by default); API clients get Czech when
// the UI cookie or Accept-Language asks for it, else English.
func wantsCzech(r *http.Request) bool {
	if !isAPI(r) {
		return langOf(r) == "cs"
	}
	if c, err := r.Cookie(langCookie); err == nil {
		return c.Value == "cs"
	}
	return strings.HasPrefix(strings.TrimSpace(r.Header.Get("Accept-Language")), "cs")
}

// errorCatalogCS translates the formats of domain and request errors into
// Czech. A test checks that every format used in cases and web is here
// with the same verbs.
func errorCatalogCS() map[string]string {
	return map[string]string{
		// recording
		"the recorder is not configured":                                      "nahrávání hovorů není nastaveno",
		"only supervisors and the data-protection officer list recordings":    "seznam nahrávek vidí jen vedoucí a pověřenec pro ochranu osobních údajů",
		"%q is not a complete telephone number":                               "%q není úplné telefonní číslo",
		"%q is not a data box ID":                                             "%q není ID datové schránky",
		"%q is not a date":                                                    "%q není datum",
		"%q is not a date (YYYY-MM-DD)":                                       "%q není datum (RRRR-MM-DD)",
		"%q is not a date (YYYY-MM-DD) or an RFC 3339 time":                   "%q není datum (RRRR-MM-DD) ani čas podle RFC 3339",
		"%q is not a date and time":                                           "%q není datum a čas",
		"%q is not a number of at least 0":                                    "%q není číslo větší nebo rovné 0",
		"%q is not a number to dial (up to 32 digits, * and #)":               "%q není číslo k vytočení (nejvýše 32 číslic, * a #)",
		"%q is not a positive number":                                         "%q není kladné číslo",
		"%q is not a postcode (PSČ)":                                          "%q není PSČ",
		"%q is not a telephone number":                                        "%q není telefonní číslo",
		"%q is not a valid IČO":                                               "%q není platné IČO",
		"%q is not a valid choice":                                            "%q není platná volba",
		"%q is not a valid id":                                                "%q není platný identifikátor",
		"%q is not a valid international number":                              "%q není platné mezinárodní číslo",
		"%q is not an e-mail address":                                         "%q není e-mailová adresa",
		"%q is not an extension number":                                       "%q není číslo linky",
		"%q is not true or false":                                             "%q není true ani false",
		"%s":                                                                  "%s",
		"%s cannot handle cases":                                              "%s nemůže vyřizovat podněty",
		"a case cannot move from %s to %s":                                    "podnět nelze převést ze stavu %s do stavu %s",
		"a name or a contact detail is required":                              "vyplňte jméno nebo aspoň jeden kontakt",
		"a resolved case needs a response or an outcome":                      "vyřízený podnět potřebuje odpověď nebo výsledek",
		"active (true or false) is required":                                  "chybí active (true nebo false)",
		"all %d call-back attempts were made without reaching the citizen":    "všech %d pokusů o zpětné volání proběhlo, aniž byl občan zastižen",
		"an assigned case needs a department or an official":                  "přidělený podnět potřebuje odbor nebo úředníka",
		"another call-back attempt on this task is in progress":               "jiný pokus o zpětné volání tohoto úkolu právě probíhá",
		"at least one role is required":                                       "zvolte aspoň jednu roli",
		"at most 10 words":                                                    "nejvýše 10 slov",
		"callbacks are not configured":                                        "zpětná volání nejsou nastavena",
		"choose a file to upload":                                             "vyberte soubor k nahrání",
		"cross-origin requests are not allowed":                               "požadavky z cizího webu nejsou povoleny",
		"done (true or false) is required":                                    "chybí done (true nebo false)",
		"field %q must be a JSON %s":                                          "pole %q musí být JSON typu %s",
		"format must be json or csv":                                          "formát musí být json nebo csv",
		"give either an existing contact or a new one":                        "zadejte buď existující kontakt, nebo nový",
		"invalid or expired token":                                            "neplatný nebo prošlý token",
		"limit must be 1–500 and offset not negative":                         "limit musí být 1–500 a posun nezáporný",
		"malformed JSON at byte %d: %v":                                       "chybný JSON na bajtu %d: %v",
		"malformed JSON: %v":                                                  "chybný JSON: %v",
		"malformed JSON: unexpected end of the body":                          "chybný JSON: nečekaný konec",
		"malformed form: %v":                                                  "chybný formulář: %v",
		"no PBX link is configured":                                           "spojení s ústřednou není nastaveno",
		"only a supervisor may dial from another extension":                   "volat z jiné linky smí jen vedoucí",
		"only a supervisor may reopen a closed case":                          "uzavřený podnět může znovu otevřít jen vedoucí",
		"only an admin may issue tokens":                                      "tokeny vydává jen správce",
		"only an admin may manage case types":                                 "typy podnětů spravuje jen správce",
		"only an admin may manage departments":                                "odbory spravuje jen správce",
		"only an admin may manage users":                                      "uživatele spravuje jen správce",
		"only an admin may set other users' passwords":                        "heslo jiného uživatele může nastavit jen správce",
		"only bearer tokens are accepted":                                     "přijímají se jen tokeny (Bearer)",
		"only clerks and supervisors may see the calls of other extensions":   "hovory jiných linek vidí jen referenti a vedoucí",
		"only clerks and supervisors may use the callback queue":              "frontu zpětných volání mohou používat jen referenti a vedoucí",
		"only supervisors and administrators may see the PBX link":            "stav spojení s ústřednou vidí jen vedoucí a správci",
		"only the data-protection officer may read the access log":            "záznam přístupů smí číst jen pověřenec pro ochranu osobních údajů",
		"outside opening hours":                                               "mimo úřední hodiny",
		"outside opening hours; the next attempt is allowed at %s":            "mimo úřední hodiny; další pokus je možný od %s",
		"please sign in":                                                      "přihlaste se prosím",
		"set the password with PUT /api/v1/users/%d/password":                 "heslo nastavte přes PUT /api/v1/users/%d/password",
		"state %s needs the reason in the outcome":                            "stav %s vyžaduje důvod ve výsledku",
		"the CSRF token is missing or wrong; reload the page and try again":   "chybí nebo nesouhlasí bezpečnostní token; načtěte stránku znovu a zkuste to ještě jednou",
		"the PBX did not answer in time; try again shortly":                   "ústředna neodpověděla včas; zkuste to za chvíli",
		"the PBX link is down; try again shortly":                             "spojení s ústřednou je přerušeno; zkuste to za chvíli",
		"the PBX refused %s: %s":                                              "ústředna odmítla %s: %s",
		"the agent state must be login, logout, ready or not_ready":           "stav agenta musí být login, logout, ready nebo not_ready",
		"the body must be multipart/form-data with a part named file":         "tělo musí být multipart/form-data s částí file",
		"the call is not at your extension":                                   "hovor není na vaší lince",
		"the call log is not configured":                                      "záznam hovorů není nastaven",
		"the callback task is closed":                                         "úkol zpětného volání je uzavřen",
		"the callback task is closed: a call-back reached the citizen":        "úkol zpětného volání je uzavřen: občan byl zpětně zastižen",
		"the callback task is closed: an outgoing call reached the citizen":   "úkol zpětného volání je uzavřen: občan byl zastižen odchozím hovorem",
		"the callback task is closed: the citizen's later call was answered":  "úkol zpětného volání je uzavřen: pozdější hovor občana byl přijat",
		"the callback task was changed meanwhile; try again":                  "úkol zpětného volání se mezitím změnil; zkuste to znovu",
		"the case was changed by someone else; reload it":                     "podnět mezitím změnil někdo jiný; načtěte jej znovu",
		"the category must be missed, abandoned or out_of_hours":              "kategorie musí být missed, abandoned nebo out_of_hours",
		"the code must be 1–16 characters":                                    "kód musí mít 1–16 znaků",
		"the code must be 1–32 characters":                                    "kód musí mít 1–32 znaků",
		"the database is unavailable; try again shortly":                      "databáze je nedostupná; zkuste to za chvíli",
		"the date is required":                                                "vyplňte datum",
		"the date of receipt is in the future":                                "datum přijetí je v budoucnosti",
		"the date of receipt is required":                                     "vyplňte datum přijetí",
		"the deadline must be 0–3650 days":                                    "lhůta musí být 0–3650 dní",
		"the description is longer than %d characters":                        "popis je delší než %d znaků",
		"the description is required":                                         "vyplňte popis",
		"the description is too long or not valid":                            "popis je příliš dlouhý nebo neplatný",
		"the due date is before the date of receipt":                          "termín vyřízení je před datem přijetí",
		"the file is empty":                                                   "soubor je prázdný",
		"the file is larger than %s":                                          "soubor je větší než %s",
		"the file name is required":                                           "chybí název souboru",
		"the login %q is taken":                                               "přihlašovací jméno %q je obsazené",
		"the login must be 1–64 characters without spaces, slashes or colons": "přihlašovací jméno musí mít 1–64 znaků bez mezer, lomítek a dvojteček",
		"the mode must be blind, consult or complete":                         "režim musí být blind, consult nebo complete",
		"the name is required":                                                "vyplňte název",
		"the name is too long":                                                "název je příliš dlouhý",
		"the note is longer than %d characters":                               "poznámka je delší než %d znaků",
		"the number to call is required":                                      "vyplňte volané číslo",
		"the outcome is longer than %d characters":                            "výsledek je delší než %d znaků",
		"the password is too long":                                            "heslo je příliš dlouhé",
		"the password must have at least %d characters":                       "heslo musí mít aspoň %d znaků",
		"the phone number is required":                                        "vyplňte telefonní číslo",
		"the request body is empty":                                           "požadavek je prázdný",
		"the request body is larger than %s":                                  "požadavek je větší než %s",
		"the request body must be JSON (Content-Type: application/json)":      "tělo požadavku musí být JSON (Content-Type: application/json)",
		"the request body must hold a single JSON value":                      "tělo požadavku musí obsahovat jedinou hodnotu JSON",
		"the response is longer than %d characters":                           "odpověď je delší než %d znaků",
		"the state must be open, done or all":                                 "stav musí být open, done nebo all",
		"the subject is longer than %d characters":                            "předmět je delší než %d znaků",
		"the request was cancelled":                                           "požadavek byl zrušen",
		"the subject is required":                                             "vyplňte předmět",
		"the text is not valid UTF-8":                                         "text není platné UTF-8",
		"the text is too long or not valid":                                   "text je příliš dlouhý nebo neplatný",
		"the version of the case you loaded is required":                      "chybí verze načteného podnětu",
		"there is nothing at %s":                                              "na adrese %s nic není",
		"too soon after the last attempt; the next is allowed at %s":          "příliš brzy po posledním pokusu; další je možný od %s",
		"unknown case type %d":                                                "neznámý typ podnětu %d",
		"unknown department %d":                                               "neznámý odbor %d",
		"unknown field %q":                                                    "neznámé pole %q",
		"unknown kind %q":                                                     "neznámý druh %q",
		"unknown language %q":                                                 "neznámý jazyk %q",
		"unknown priority %q":                                                 "neznámá priorita %q",
		"unknown role %q":                                                     "neznámá role %q",
		"unknown sort %q":                                                     "neznámé řazení %q",
		"unknown source %q":                                                   "neznámý zdroj %q",
		"unknown state %q":                                                    "neznámý stav %q",
		"wrong login or password":                                             "nesprávné přihlašovací jméno nebo heslo",
		"you have no extension; ask an administrator to set one":              "nemáte přidělenou linku; požádejte správce o její nastavení",
		"you may not change contacts":                                         "kontakty měnit nesmíte",
		"you may not change this case":                                        "tento podnět měnit nesmíte",
		"you may not receive call events":                                     "události hovorů vám nejsou přístupné",
		"you may not register cases":                                          "podněty zakládat nesmíte",
		"you may not restrict cases":                                          "omezovat přístup k podnětům nesmíte",
		"your account is disabled":                                            "váš účet je zablokován",
		"your extension has no held call and consultation call to transfer":   "na vaší lince není držený a konzultační hovor k přepojení",
		// outbox: notifications and their templates.
		"a body is longer than %d characters":                           "text je delší než %d znaků",
		"a mail needs a recipient":                                      "zpráva potřebuje příjemce",
		"an attachment needs a file name and content":                   "příloha potřebuje název souboru a obsah",
		"case %s has no submitter's e-mail address to send the code to": "podnět %s nemá e-mailovou adresu podávajícího, kam kód poslat",
		"notification %d is %s, not failed":                             "zpráva %d je ve stavu %s, ne selhaná",
		"only admins and supervisors may retry notifications":           "znovu odesílat zprávy smějí jen správci a vedoucí",
		"only admins and supervisors see the outbox":                    "odchozí poštu vidí jen správci a vedoucí",
		"only admins and supervisors see the templates":                 "šablony zpráv vidí jen správci a vedoucí",
		"only admins may change templates":                              "šablony smějí měnit jen správci",
		"the HTML template fails: %s":                                   "šablonu HTML nelze vyplnit: %s",
		"the HTML template is wrong: %s":                                "šablona HTML je chybná: %s",
		"the HTML part is longer than %d characters or not valid":       "část HTML je delší než %d znaků nebo není platná",
		"the access code is empty":                                      "přístupový kód je prázdný",
		"the plain-text body is required":                               "vyplňte text zprávy",
		"the subject is required and at most %d characters":             "předmět je povinný a nejvýše %d znaků dlouhý",
		"the subject template fails: %s":                                "šablonu předmětu nelze vyplnit: %s",
		"the subject template is wrong: %s":                             "šablona předmětu je chybná: %s",
		"the text is longer than %d characters or not valid":            "text je delší než %d znaků nebo není platný",
		"the text template fails: %s":                                   "šablonu textu nelze vyplnit: %s",
		"the text template is wrong: %s":                                "šablona textu je chybná: %s",
		"unknown notification kind %q":                                  "neznámý druh zprávy %q",
		"unknown notification state %q":                                 "neznámý stav zprávy %q",
		// panel (agent panel, office lists, drafts, wrap-ups)
		"the position must be a number":                                     "pořadí musí být číslo",
		"the draft form must be a JSON object":                              "koncept formuláře musí být objekt JSON",
		"unknown not-ready reason %q":                                       "neznámý důvod nepřipravenosti %q",
		"the clerk panel is not configured":                                 "panel operátora není nastaven",
		"the Czech and English names are required":                          "vyplňte český i anglický název",
		"the code must be 1 to 32 lowercase letters, digits or _":           "kód musí mít 1 až 32 malých písmen, číslic nebo _",
		"the notes are longer than %d bytes":                                "poznámky jsou delší než %d bajtů",
		"only supervisors and PBX administrators may edit the office lists": "seznamy úřadu smí upravovat jen vedoucí a správci ústředny",
		"%q is not a Linka call id":                                         "%q není identifikátor hovoru Linky",
		"the names are longer than %d characters":                           "názvy jsou delší než %d znaků",
		"this disposition needs the number of a case":                       "tento výsledek hovoru vyžaduje číslo podnětu",
		"the draft is longer than %d bytes":                                 "koncept je delší než %d bajtů",
		"the server is shutting down":                                       "server se vypíná",
		"unknown disposition %q":                                            "neznámý výsledek hovoru %q",
		"the note is longer than %d bytes":                                  "poznámka je delší než %d bajtů",

		// Area report: statistics, scheduled reports and alerts.
		"%q is not a month (YYYY-MM)": "%q není měsíc (RRRR-MM)",
		"%q is not a year":            "%q není rok",
		"a schedule has five fields (minute hour day month weekday), not %d":   "plán má pět polí (minuta hodina den měsíc den-v-týdnu), ne %d",
		"at least one recipient is required":                                   "zadejte alespoň jednoho příjemce",
		"no department has the code %q":                                        "žádný odbor nemá kód %q",
		"no user has the login %q":                                             "žádný uživatel nemá přihlašovací jméno %q",
		"only supervisors and administrators may see other officials' tasks":   "úkoly jiných úředníků smí vidět jen vedoucí a správci",
		"only supervisors and administrators may see statistics and reports":   "statistiky a přehledy smí vidět jen vedoucí a správci",
		"reports are not configured":                                           "přehledy nejsou nastaveny",
		"say whom to notify":                                                   "zadejte, koho upozornit",
		"the %s field %q is not valid: %s":                                     "pole plánu %s (%q) je neplatné: %s",
		"the end is before the start":                                          "konec je před začátkem",
		"the interval is 15, 30 or 60 minutes":                                 "interval je 15, 30 nebo 60 minut",
		"the interval is 15, 30, 60 or 1440 minutes":                           "interval je 15, 30, 60 nebo 1440 minut",
		"the language is cs or en, not %q":                                     "jazyk je cs nebo en, ne %q",
		"the name is required, up to 100 characters":                           "název je povinný, nejvýše 100 znaků",
		"the name is required: up to 100 characters without spaces or slashes": "název je povinný: nejvýše 100 znaků bez mezer a lomítek",
		"the service level needs the answer time in seconds":                   "úroveň služeb potřebuje cílovou dobu přijetí v sekundách",
		"the threshold %d is out of range":                                     "mez %d je mimo rozsah",
		"unknown alert kind %q":                                                "neznámý druh upozornění %q",
		"unknown report kind %q":                                               "neznámý druh přehledu %q",
		// Voice gateway (ivr area).
		"the voice gateway is not configured":                      "hlasová brána není nastavena",
		"only PBX admins may configure the voice gateway":          "hlasovou bránu smí nastavovat jen správci ústředny",
		"the flow is not valid: %s":                                "tok hovoru není platný: %s",
		"invalid voice gateway input: %s":                          "neplatný vstup hlasové brány: %s",
		"the version must be a positive number":                    "verze musí být kladné číslo",
		"the flow is missing":                                      "chybí tok hovoru",
		"the file is too large":                                    "soubor je příliš velký",
		"send the prompt as multipart/form-data with a file field": "pošlete hlášku jako multipart/form-data s polem file",
		"choose a WAV file":                                        "vyberte soubor WAV",
		"the form could not be read":                               "formulář nelze přečíst",
		"the flow is not valid JSON: %s":                           "tok hovoru není platný JSON: %s",

		// workflow: the case workflow and the legal regimes (cases/workflow.go, service_actions.go).
		"%q is not a number":                                                                                                "%q není číslo",
		"a %s case cannot be given the action %s":                                                                           "u podnětu ve stavu %s nelze provést krok %s",
		"a complaint is resolved as justified, partly justified or unjustified":                                             "stížnost se vyřizuje jako důvodná, částečně důvodná nebo nedůvodná",
		"a pointer to published information is enough only until %s (§ 6); provide the information":                         "odkaz na zveřejněnou informaci stačí jen do %s (§ 6); informaci poskytněte",
		"a request to complete or clarify must be sent by %s (§ 14(5)(b))":                                                  "výzvu k doplnění nebo upřesnění bylo třeba odeslat do %s (§ 14 odst. 5 písm. b)",
		"a written information request needs the applicant's %s (§ 14(2)); complete the contact or reject it under § 14(3)": "písemná žádost o informace musí obsahovat údaje žadatele (%s) podle § 14 odst. 2; doplňte kontakt, nebo žádost zamítněte podle § 14 odst. 3",
		"a § 16a complaint needs its reason":                                                                                "stížnost podle § 16a potřebuje důvod",
		"an appeal needs a refusal decision":                                                                                "odvolání předpokládá rozhodnutí o odmítnutí",
		"an appeal outcome needs a filed appeal":                                                                            "výsledek odvolání předpokládá podané odvolání",
		"an exclusive licence needs the reason it was necessary":                                                            "výhradní licence potřebuje odůvodnění její nezbytnosti",
		"an information request is not forwarded; defer it with a notice (§ 14(5)(c))":                                      "žádost o informace se nepostupuje; odložte ji a žadatele vyrozumějte (§ 14 odst. 5 písm. c)",
		"an information request may be extended only for a reason of § 14(7) a–c":                                           "lhůtu žádosti o informace lze prodloužit jen z důvodů § 14 odst. 7 písm. a–c",
		"an oral request has no statutory deadline to extend":                                                               "ústní žádost nemá zákonnou lhůtu, kterou by šlo prodloužit",
		"choose how the information request was resolved":                                                                   "zvolte, jak byla žádost o informace vyřízena",
		"choose whom to hand the case over to":                                                                              "zvolte, komu podnět předat",
		"give the reason":                                                                                                   "uveďte důvod",
		"give the reason for the extension":                                                                                 "uveďte důvod prodloužení",
		"give the reason: the council decides":                                                                              "uveďte důvod: rozhoduje zastupitelstvo",
		"name the competent body the case goes to":                                                                          "uveďte příslušný orgán, kterému se podnět postupuje",
		"nothing to record":                                                                                                 "není co zaznamenat",
		"only information requests keep the § 18 record":                                                                    "údaje podle § 18 se vedou jen u žádostí o informace",
		"reopening needs a reason":                                                                                          "znovuotevření vyžaduje důvod",
		"say what is missing from the citizen":                                                                              "uveďte, co od občana chybí",
		"say why the case goes back":                                                                                        "uveďte, proč se podnět vrací",
		"the %s regime allows no extension":                                                                                 "režim %s prodloužení lhůty nepřipouští",
		"the case is already handled by this official":                                                                      "podnět už tento úředník vyřizuje",
		"the code %q is taken":                                                                                              "kód %q už je použit",
		"the council's period already applies":                                                                              "lhůta pro rozhodnutí zastupitelstva už platí",
		"the date of forwarding must be between the receipt and today":                                                      "datum postoupení musí být mezi přijetím a dneškem",
		"the day of completion must be between the receipt and today":                                                       "den doplnění musí být mezi přijetím a dneškem",
		"the deadline passed on %s; record the reason for the delay":                                                        "lhůta uplynula %s; zaznamenejte důvod překročení",
		"the extension must be 0–3650 days":                                                                                 "prodloužení musí být 0–3650 dní",
		"the extension must be 1–%d days":                                                                                   "prodloužení musí být 1–%d dní",
		"the forwarding period ended on %s; record the reason for the delay":                                                "lhůta k postoupení uplynula %s; zaznamenejte důvod překročení",
		"the forwarding period must be 0–365 days":                                                                          "lhůta k postoupení musí být 0–365 dní",
		"the period ended on %s; the notice of an extension must be sent before it ends":                                    "lhůta uplynula %s; oznámení o prodloužení musí být odesláno před jejím uplynutím",
		"the reason is longer than %d characters":                                                                           "důvod je delší než %d znaků",
		"the step period must be 0–365 days":                                                                                "lhůta kroků musí být 0–365 dní",
		"unknown action %q":                                                                                                 "neznámý krok %q",
		"unknown appeal outcome %q":                                                                                         "neznámý výsledek odvolání %q",
		"unknown finding %q":                                                                                                "neznámý výsledek stížnosti %q",
		"unknown outcome %q":                                                                                                "neznámý způsob vyřízení %q",
		"unknown refusal %q":                                                                                                "neznámé odmítnutí %q",
		"unknown regime %q":                                                                                                 "neznámý právní režim %q",
		"use the %s action: it needs more than a state":                                                                     "použijte krok %s: nestačí jen změnit stav",
		"write a note for the next official":                                                                                "napište poznámku pro dalšího úředníka",
		"your role may not %s cases":                                                                                        "vaše role nesmí u podnětů provést krok %s",

		// portal: the web form, access codes and the status page.
		"the file %s is larger than %s":                                            "soubor %s je větší než %s",
		"the file %s is empty":                                                     "soubor %s je prázdný",
		"your name is required":                                                    "vyplňte své jméno a příjmení",
		"the text is longer than %d characters":                                    "text je delší než %d znaků",
		"at most %d files may be attached":                                         "přiložit lze nejvýše %d souborů",
		"the access code has expired; ask for a new one":                           "platnost přístupového kódu vypršela; vyžádejte si nový",
		"give an e-mail address or a telephone number":                             "uveďte e-mail nebo telefon",
		"the case number or the access code is wrong":                              "evidenční číslo nebo přístupový kód není správný",
		"the text of the submission is required":                                   "vyplňte obsah podnětu",
		"the citizen portal is not configured":                                     "portál pro občany není nastaven",
		"to be kept informed by e-mail, give an e-mail address":                    "chcete-li být informováni e-mailem, uveďte e-mail",
		"please sign in with the case number and the access code":                  "přihlaste se evidenčním číslem a přístupovým kódem",
		"this form was already sent; open the form again to send a new submission": "tento formulář už byl odeslán; nový podnět podáte v nově otevřeném formuláři",
		"the form is damaged; open it again":                                       "formulář je poškozený; otevřete jej znovu",
		"access codes cannot be sent by e-mail here; ask the office":               "přístupový kód zde nelze zaslat e-mailem; obraťte se na úřad",
		"an attached file has no name":                                             "přiložený soubor nemá název",
		// intake
		"intake does not take source %q":                         "příjem nepřijímá zdroj %q",
		"an intake item needs a source reference":                "položka příjmu potřebuje odkaz na zdroj",
		"only administrators and supervisors may see the intake": "stav příjmu vidí jen správci a vedoucí",
		"the source item %q is already registered":               "položka zdroje %q je již zaevidována",
	}
}
