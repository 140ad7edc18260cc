package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linka/internal/workdays"
)

// labels returns the texts of e-mails and CSV headers in lang ("cs" or
// "en").
func labels(lang string) map[string]string {
	if lang == "en" {
		return labelsEN
	}
	return labelsCS
}

var labelsCS = map[string]string{
	"agents.title":            "Operátoři",
	"col.extension":           "Linka",
	"col.clerk":               "Operátor",
	"col.signed_in":           "Přihlášen",
	"col.ready":               "Připraven",
	"col.not_ready":           "Nepřipraven",
	"col.acw":                 "Dokončování",
	"col.reasons":             "Důvody nepřipravenosti",
	"col.calls":               "Hovorů",
	"col.handling":            "Doba obsluhy",
	"col.occupancy":           "Vytížení (%)",
	"tasks.title":             "Úkoly k vyřízení",
	"tasks.heading":           "Podněty čekající na vyřízení",
	"overdue.title":           "Týdenní přehled zmeškaných termínů",
	"monthly.title":           "Měsíční přehled podnětů",
	"queue.title":             "Statistika front",
	"foi.title":               "Výroční zpráva o poskytování informací (§ 18 zákona č. 106/1999 Sb.)",
	"col.case":                "Podnět",
	"col.handled_by":          "Vyřizuje",
	"col.received":            "Datum přijetí",
	"col.due":                 "Termín pro vyřízení",
	"col.priority":            "Priorita",
	"col.done":                "Hotovo",
	"col.department":          "Odbor",
	"col.days_overdue":        "Dní po termínu",
	"col.count":               "Počet",
	"priority.normal":         "Běžná",
	"priority.high":           "Vysoká",
	"no":                      "Ne",
	"restricted":              "(omezený přístup)",
	"none":                    "—",
	"tasks.count":             "Otevřených podnětů: %d, z toho po termínu: %d.",
	"tasks.link":              "Přehled v Lince: %s",
	"overdue.count":           "Podnětů po termínu: %d.",
	"personal.note":           "Přehled obsahuje osobní údaje, proto se neposílá v příloze; otevřete jej v Lince.",
	"monthly.period":          "Období: %s – %s",
	"dim.total":               "Celkem",
	"dim.channel":             "Podle kanálu",
	"dim.department":          "Podle odboru",
	"dim.case_type":           "Podle typu",
	"col.name":                "Skupina",
	"col.received_n":          "Přijato",
	"col.accepted":            "Přijato k vyřízení",
	"col.rejected":            "Odmítnuto",
	"col.forwarded":           "Postoupeno",
	"col.deferred":            "Odloženo",
	"col.resolved":            "Vyřízeno",
	"col.avg_handling":        "Průměrná doba vyřízení",
	"col.on_time":             "Vyřízeno v termínu",
	"col.group":               "Skupina",
	"col.interval":            "Interval",
	"col.offered":             "Nabídnuto",
	"col.answered":            "Přijato",
	"col.abandoned_gateway":   "Zavěšeno v hlasové bráně",
	"col.abandoned_queue":     "Zavěšeno ve frontě",
	"col.abandoned_ringing":   "Zavěšeno při vyzvánění",
	"col.short":               "Krátká zavěšení",
	"col.overflowed":          "Přesměrováno",
	"col.sl":                  "Úroveň služeb (%)",
	"col.asa":                 "Průměrná doba do přijetí (s)",
	"col.longest":             "Nejdelší čekání (s)",
	"col.aht":                 "Průměrná doba obsluhy (s)",
	"col.transfer":            "Přepojeno (%)",
	"col.repeat":              "Opakovaná volání",
	"col.callbacks":           "Zpětná volání",
	"col.ttc":                 "Průměrná doba do zpětného volání (s)",
	"all_groups":              "Všechny skupiny",
	"foi.requests":            "Počet podaných žádostí o informace",
	"foi.refusals":            "Počet vydaných rozhodnutí o odmítnutí žádosti",
	"foi.appeals":             "Počet podaných odvolání proti rozhodnutí",
	"foi.court":               "Rozsudky soudu ve věci přezkoumání zákonnosti rozhodnutí o odmítnutí",
	"foi.licences":            "Výhradní licence",
	"foi.complaints":          "Počet stížností podaných podle § 16a",
	"foi.reasons":             "Důvody podání stížností",
	"alert.untriaged.subject": "Podnět %s čeká na zpracování déle než %d pracovní dny",
	"alert.deadline.subject":  "Podnět %s má termín vyřízení %s",
	"alert.callback.subject":  "Zpětné volání na %s čeká %s",
	"alert.callback.text":     "Občan z čísla %s volal %s a dosud nebyl zpětně kontaktován.\n\nFronta zpětných volání: %s\n",
	"alert.sl.subject":        "Úroveň služeb %.0f %% je pod cílem %d %% (do %d s)",
	"alert.sl.text":           "Hodina od %s: nabídnuto %d, přijato %d, zavěšeno %d hovorů; úroveň služeb %.1f %% (přijato do %d s).\n\nNástěnka: %s\n",
	"alert.case.text":         "Podnět %s\nPřijat: %s\nTermín: %s\nVyřizuje: %s\nOdbor: %s\n\n%s\n",
}

var labelsEN = map[string]string{
	"agents.title":            "Clerks",
	"col.extension":           "Extension",
	"col.clerk":               "Clerk",
	"col.signed_in":           "Signed in",
	"col.ready":               "Ready",
	"col.not_ready":           "Not ready",
	"col.acw":                 "After-call work",
	"col.reasons":             "Not-ready reasons",
	"col.calls":               "Calls",
	"col.handling":            "Handling time",
	"col.occupancy":           "Occupancy (%)",
	"tasks.title":             "Tasks to handle",
	"tasks.heading":           "Cases awaiting handling",
	"overdue.title":           "Weekly summary of missed deadlines",
	"monthly.title":           "Monthly case report",
	"queue.title":             "Queue statistics",
	"foi.title":               "Annual report on information requests (§18 of Act No. 106/1999 Coll.)",
	"col.case":                "Case",
	"col.handled_by":          "Handled by",
	"col.received":            "Received",
	"col.due":                 "Due",
	"col.priority":            "Priority",
	"col.done":                "Done",
	"col.department":          "Department",
	"col.days_overdue":        "Days overdue",
	"col.count":               "Count",
	"priority.normal":         "Normal",
	"priority.high":           "High",
	"no":                      "No",
	"restricted":              "(restricted)",
	"none":                    "—",
	"tasks.count":             "Open cases: %d, overdue: %d.",
	"tasks.link":              "The report in Linka: %s",
	"overdue.count":           "Cases past their deadline: %d.",
	"personal.note":           "The report holds personal data, so it is not attached; open it in Linka.",
	"monthly.period":          "Period: %s – %s",
	"dim.total":               "Total",
	"dim.channel":             "By channel",
	"dim.department":          "By department",
	"dim.case_type":           "By case type",
	"col.name":                "Group",
	"col.received_n":          "Received",
	"col.accepted":            "Accepted",
	"col.rejected":            "Rejected",
	"col.forwarded":           "Forwarded",
	"col.deferred":            "Deferred",
	"col.resolved":            "Resolved",
	"col.avg_handling":        "Average handling time",
	"col.on_time":             "Resolved on time",
	"col.group":               "Group",
	"col.interval":            "Interval",
	"col.offered":             "Offered",
	"col.answered":            "Answered",
	"col.abandoned_gateway":   "Abandoned in the gateway",
	"col.abandoned_queue":     "Abandoned in the queue",
	"col.abandoned_ringing":   "Abandoned while ringing",
	"col.short":               "Short abandons",
	"col.overflowed":          "Overflowed",
	"col.sl":                  "Service level (%)",
	"col.asa":                 "Average speed of answer (s)",
	"col.longest":             "Longest wait (s)",
	"col.aht":                 "Average handling time (s)",
	"col.transfer":            "Transferred (%)",
	"col.repeat":              "Repeat calls",
	"col.callbacks":           "Callbacks",
	"col.ttc":                 "Average time to callback (s)",
	"all_groups":              "All groups",
	"foi.requests":            "Requests for information received",
	"foi.refusals":            "Decisions refusing a request",
	"foi.appeals":             "Appeals against decisions",
	"foi.court":               "Court judgments reviewing refusals",
	"foi.licences":            "Exclusive licences",
	"foi.complaints":          "Complaints under §16a",
	"foi.reasons":             "Reasons of the complaints",
	"alert.untriaged.subject": "Case %s untriaged for more than %d working days",
	"alert.deadline.subject":  "Case %s is due on %s",
	"alert.callback.subject":  "Callback to %s waiting for %s",
	"alert.callback.text":     "The citizen calling from %s called at %s and has not been called back yet.\n\nCallback queue: %s\n",
	"alert.sl.subject":        "Service level %.0f %% below the target %d %% (within %d s)",
	"alert.sl.text":           "Hour from %s: %d calls offered, %d answered, %d abandoned; service level %.1f %% (answered within %d s).\n\nWallboard: %s\n",
	"alert.case.text":         "Case %s\nReceived: %s\nDue: %s\nHandled by: %s\nDepartment: %s\n\n%s\n",
}

// fmtTime formats an instant in Prague as "02.01.2006 15:04".
func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(workdays.Prague()).Format("02.01.2006 15:04")
}

// fmtDuration formats a duration as "1 h 05 min" or "4 min".
func fmtDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := int(d.Hours()), int(d.Minutes())%60
	if h > 0 {
		return fmt.Sprintf("%d h %02d min", h, m)
	}
	return fmt.Sprintf("%d min", m)
}

// FormatHandling formats an average handling time in days with one
// decimal ("3,5 d" in Czech).
func FormatHandling(d time.Duration, lang string) string {
	s := strconv.FormatFloat(d.Hours()/24, 'f', 1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " d"
}

// FormatPct formats a share; a negative one (nothing to measure) as "—".
func FormatPct(p float64, lang string) string {
	if p < 0 {
		return "—"
	}
	s := strconv.FormatFloat(p, 'f', 1, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// secs formats a duration in whole seconds.
func secs(d time.Duration) string { return strconv.Itoa(int(d.Round(time.Second) / time.Second)) }

// CSV writes records as people open them in Czech Excel: a UTF-8 byte
// order mark, ";" between fields, CRLF line ends.
func CSV(records [][]string) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.UseCRLF = true
	_ = w.WriteAll(records) // a bytes.Buffer does not fail
	return b.Bytes()
}
