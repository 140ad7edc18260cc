package cases

// defaultText is a shipped template: its subject and plain-text body. The
// HTML body is made from the text (htmlFromText), so the two parts say the
// same; admins may replace any part in the UI.
type defaultText struct{ subject, text string }

// Shared closings of the default texts.
const (
	closingCS = `S pozdravem
Městský úřad

Tato zpráva byla odeslána automaticky. Na tuto zprávu můžete odpovědět; odpověď se připojí k vašemu podnětu.`
	closingEN = `Kind regards
The Municipal Office

This message was sent automatically. You may reply to it; your reply will be added to your submission.`
	followCS = `{{with .StatusURL}}Stav podnětu můžete sledovat na stránce {{link .}}{{end}}`
	followEN = `{{with .StatusURL}}You can follow your submission at {{link .}}{{end}}`
)

// defaultTemplates are the shipped templates by language and kind.
var defaultTemplates = map[string]map[NotificationKind]defaultText{
	"cs": {
		NotifyReceived: {"Podnět č. {{.Number}} byl přijat", `Dobrý den,

děkujeme za váš podnět „{{.Subject}}“. Byl zaevidován pod číslem {{.Number}}.{{with .DueDate}} Vyřídíme jej nejpozději do {{.}}.{{end}}

` + followCS + `

` + closingCS},
		NotifyAccepted: {"Podnět č. {{.Number}} se vyřizuje", `Dobrý den,

váš podnět č. {{.Number}} „{{.Subject}}“ byl přijat k vyřízení{{with .Department}} a přidělen odboru {{.}}{{end}}.{{with .DueDate}} Termín vyřízení je {{.}}.{{end}}

` + followCS + `

` + closingCS},
		NotifyHandedOver: {"Podnět č. {{.Number}} byl předán", `Dobrý den,

váš podnět č. {{.Number}} „{{.Subject}}“ byl předán k vyřízení{{with .Department}} odboru {{.}}{{end}}.

` + followCS + `

` + closingCS},
		NotifyDeadlineExtended: {"Podnět č. {{.Number}}: prodloužení lhůty", `Dobrý den,

lhůta pro vyřízení vašeho podnětu č. {{.Number}} „{{.Subject}}“ byla prodloužena do {{.DueDate}}.{{with .Reason}}

Důvod: {{para .}}{{end}}

` + followCS + `

` + closingCS},
		NotifyWaiting: {"Podnět č. {{.Number}}: potřebujeme doplnění", `Dobrý den,

k vyřízení vašeho podnětu č. {{.Number}} „{{.Subject}}“ od vás potřebujeme doplnění.{{with .Missing}}

Chybí: {{para .}}{{end}}

Odpovězte prosím na tuto zprávu.

` + followCS + `

` + closingCS},
		NotifyResolved: {"Podnět č. {{.Number}} byl vyřízen", `Dobrý den,

váš podnět č. {{.Number}} „{{.Subject}}“ byl vyřízen.{{with .Response}}

Odpověď úřadu:
{{para .}}{{end}}{{with .Reason}}

Výsledek: {{para .}}{{end}}

` + followCS + `

` + closingCS},
		NotifyRejected: {"Podnět č. {{.Number}} byl odmítnut", `Dobrý den,

váš podnět č. {{.Number}} „{{.Subject}}“ byl uzavřen jako neoprávněný.{{with .Reason}}

Důvod: {{para .}}{{end}}

` + followCS + `

` + closingCS},
		NotifyForwarded: {"Podnět č. {{.Number}} byl postoupen", `Dobrý den,

váš podnět č. {{.Number}} „{{.Subject}}“ nespadá do působnosti našeho úřadu, a proto byl postoupen příslušnému orgánu{{with .Body}}: {{.}}{{end}}.{{with .BodyInfo}}

Kontakt: {{para .}}{{end}}

` + followCS + `

` + closingCS},
		NotifyDeferred: {"Podnět č. {{.Number}} byl odložen", `Dobrý den,

váš podnět č. {{.Number}} „{{.Subject}}“ byl odložen.{{with .Reason}}

Důvod: {{para .}}{{end}}

` + followCS + `

` + closingCS},
		NotifyAccessCode: {"Přístupový kód k podnětu č. {{.Number}}", `Dobrý den,

na vaši žádost zasíláme přístupový kód k podnětu č. {{.Number}}: {{.Code}}{{with .Expires}}
Kód platí do {{.}}.{{end}}

Stav podnětu zobrazíte {{with .StatusURL}}na stránce {{link .}} {{end}}po zadání čísla podnětu a tohoto kódu. Kód nikomu nesdělujte.

Pokud jste o kód nežádali, zprávu můžete ignorovat.

` + closingCS},
		NotifyGeneric: {"{{.Subject}}", `{{para .Text}}

--
Linka, Městský úřad`},
	},
	"en": {
		NotifyReceived: {"Submission No. {{.Number}} received", `Hello,

thank you for your submission "{{.Subject}}". It has been registered under number {{.Number}}.{{with .DueDate}} We will deal with it by {{.}} at the latest.{{end}}

` + followEN + `

` + closingEN},
		NotifyAccepted: {"Submission No. {{.Number}} is being handled", `Hello,

your submission No. {{.Number}} "{{.Subject}}" has been accepted{{with .Department}} and assigned to the {{.}} department{{end}}.{{with .DueDate}} It is due by {{.}}.{{end}}

` + followEN + `

` + closingEN},
		NotifyHandedOver: {"Submission No. {{.Number}} handed over", `Hello,

your submission No. {{.Number}} "{{.Subject}}" has been handed over{{with .Department}} to the {{.}} department{{end}}.

` + followEN + `

` + closingEN},
		NotifyDeadlineExtended: {"Submission No. {{.Number}}: deadline extended", `Hello,

the deadline for your submission No. {{.Number}} "{{.Subject}}" has been extended to {{.DueDate}}.{{with .Reason}}

Reason: {{para .}}{{end}}

` + followEN + `

` + closingEN},
		NotifyWaiting: {"Submission No. {{.Number}}: we need more information", `Hello,

to deal with your submission No. {{.Number}} "{{.Subject}}" we need more information from you.{{with .Missing}}

Missing: {{para .}}{{end}}

Please reply to this message.

` + followEN + `

` + closingEN},
		NotifyResolved: {"Submission No. {{.Number}} resolved", `Hello,

your submission No. {{.Number}} "{{.Subject}}" has been resolved.{{with .Response}}

The office's response:
{{para .}}{{end}}{{with .Reason}}

Outcome: {{para .}}{{end}}

` + followEN + `

` + closingEN},
		NotifyRejected: {"Submission No. {{.Number}} rejected", `Hello,

your submission No. {{.Number}} "{{.Subject}}" has been closed as unjustified.{{with .Reason}}

Reason: {{para .}}{{end}}

` + followEN + `

` + closingEN},
		NotifyForwarded: {"Submission No. {{.Number}} forwarded", `Hello,

your submission No. {{.Number}} "{{.Subject}}" is outside our office's competence and has been forwarded to the competent body{{with .Body}}: {{.}}{{end}}.{{with .BodyInfo}}

Contact: {{para .}}{{end}}

` + followEN + `

` + closingEN},
		NotifyDeferred: {"Submission No. {{.Number}} deferred", `Hello,

your submission No. {{.Number}} "{{.Subject}}" has been closed without action.{{with .Reason}}

Reason: {{para .}}{{end}}

` + followEN + `

` + closingEN},
		NotifyAccessCode: {"Access code for submission No. {{.Number}}", `Hello,

as you asked, here is the access code for submission No. {{.Number}}: {{.Code}}{{with .Expires}}
The code works until {{.}}.{{end}}

Enter the submission number and this code {{with .StatusURL}}at {{link .}} {{end}}to see its state. Do not share the code.

If you did not ask for a code, you may ignore this message.

` + closingEN},
		NotifyGeneric: {"{{.Subject}}", `{{para .Text}}

--
Linka, Municipal Office`},
	},
}
