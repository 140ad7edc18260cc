package cases

import (
	"bytes"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
	"unicode/utf8"
)

// NotificationTemplate is the e-mail of one kind in one language: the
// subject and plain-text body are Go text/templates, the HTML body an
// html/template (which escapes every value). Each sees a TemplateData.
type NotificationTemplate struct {
	Kind      NotificationKind
	Lang      string
	Subject   string
	Text      string
	HTML      string
	Custom    bool // an admin's version rather than the shipped default
	UpdatedAt time.Time
	UpdatedBy int64
}

// Limits of a template, in characters.
const (
	maxTemplateSubject = 500
	maxTemplateBody    = 100000
)

// TemplateData is what a notification template sees: the data captured
// when the notification was queued, plus the links of the office.
type TemplateData struct {
	NotificationData
	// StatusURL is the citizen's status page of the case ("" for mail
	// about no case).
	StatusURL string
	// PortalURL is the citizen portal's address.
	PortalURL string
}

// RenderedMail is a notification rendered from its template.
type RenderedMail struct {
	Subject string
	Text    string
	HTML    string
}

// textFuncs are the functions plain-text templates may call: link and
// para print their argument as it is.
var textFuncs = texttemplate.FuncMap{
	"link": func(s string) string { return s },
	"para": func(s string) string { return s },
}

// htmlFuncs are the same functions for HTML templates: link makes an
// escaped http(s) link (any other scheme prints as text) and para keeps
// the line breaks of an escaped text.
var htmlFuncs = htmltemplate.FuncMap{
	"link": func(s string) htmltemplate.HTML {
		e := htmltemplate.HTMLEscapeString(s)
		if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
			return htmltemplate.HTML(e)
		}
		return htmltemplate.HTML(`<a href="` + e + `">` + e + `</a>`)
	},
	"para": func(s string) htmltemplate.HTML {
		s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
		return htmltemplate.HTML(strings.ReplaceAll(htmltemplate.HTMLEscapeString(s), "\n", "<br>\n"))
	},
}

// compiledTemplate is a parsed NotificationTemplate.
type compiledTemplate struct {
	subject, text *texttemplate.Template
	html          *htmltemplate.Template
}

// compile parses t; an error names the part that failed as an *Error.
func (t *NotificationTemplate) compile() (*compiledTemplate, error) {
	var c compiledTemplate
	var err error
	if c.subject, err = texttemplate.New("subject").Funcs(textFuncs).Parse(t.Subject); err != nil {
		return nil, Invalid("subject", "the subject template is wrong: %s", err)
	}
	if c.text, err = texttemplate.New("text").Funcs(textFuncs).Parse(t.Text); err != nil {
		return nil, Invalid("text", "the text template is wrong: %s", err)
	}
	if c.html, err = htmltemplate.New("html").Funcs(htmlFuncs).Parse(t.HTML); err != nil {
		return nil, Invalid("html", "the HTML template is wrong: %s", err)
	}
	return &c, nil
}

// Validate checks the kind, language and sizes of t and that its parts
// parse and render with sample data.
func (t *NotificationTemplate) Validate() error {
	switch {
	case !t.Kind.Valid():
		return Invalid("kind", "unknown notification kind %q", t.Kind)
	case !validLang(t.Lang):
		return Invalid("lang", "unknown language %q", t.Lang)
	case strings.TrimSpace(t.Subject) == "":
		return Invalid("subject", "the subject is required")
	case utf8.RuneCountInString(t.Subject) > maxTemplateSubject:
		return Invalid("subject", "the subject is longer than %d characters", maxTemplateSubject)
	case strings.TrimSpace(t.Text) == "":
		return Invalid("text", "the plain-text body is required")
	case utf8.RuneCountInString(t.Text) > maxTemplateBody || utf8.RuneCountInString(t.HTML) > maxTemplateBody:
		return Invalid("text", "a body is longer than %d characters", maxTemplateBody)
	case !utf8.ValidString(t.Subject + t.Text + t.HTML):
		return Invalid("text", "the text is not valid UTF-8")
	}
	_, err := t.Render(SampleData(t.Kind, t.Lang))
	return err
}

// Render renders t with d. The subject becomes one line; an empty HTML
// template gives no HTML part.
func (t *NotificationTemplate) Render(d TemplateData) (RenderedMail, error) {
	c, err := t.compile()
	if err != nil {
		return RenderedMail{}, err
	}
	var m RenderedMail
	var b bytes.Buffer
	if err := c.subject.Execute(&b, d); err != nil {
		return RenderedMail{}, Invalid("subject", "the subject template fails: %s", err)
	}
	m.Subject = strings.Join(strings.Fields(b.String()), " ")
	b.Reset()
	if err := c.text.Execute(&b, d); err != nil {
		return RenderedMail{}, Invalid("text", "the text template fails: %s", err)
	}
	m.Text = strings.TrimSpace(b.String()) + "\n"
	if strings.TrimSpace(t.HTML) != "" {
		b.Reset()
		if err := c.html.Execute(&b, d); err != nil {
			return RenderedMail{}, Invalid("html", "the HTML template fails: %s", err)
		}
		m.HTML = b.String()
	}
	return m, nil
}

// SampleData returns the data a preview of kind shows in lang.
func SampleData(kind NotificationKind, lang string) TemplateData {
	d := TemplateData{StatusURL: "https://podnety.example.cz/status/2026-8620",
		PortalURL: "https://podnety.example.cz/"}
	d.Number = "2026-8620"
	d.DueDate = "24.05.2026"
	d.Department = "Doprava"
	if lang == "en" {
		d.Subject = "Complaint about parking in Nerudova street"
		d.Reason, d.Missing = "A site inspection is needed.", "A photo of the place."
		d.Response = "The parking zone will be marked by the end of May."
		d.Body, d.BodyInfo = "Police of the Czech Republic", "Kongresová 2, Praha 4, epodatelna@pcr.cz"
		d.Text = "Cases waiting to be resolved: 3."
	} else {
		d.Subject = "Stížnost na stav řešení parkování v ulici Nerudova"
		d.Reason, d.Missing = "Je nutné místní šetření.", "Fotografii místa."
		d.Response = "Parkovací zóna bude vyznačena do konce května."
		d.Body, d.BodyInfo = "Policie České republiky", "Kongresová 2, Praha 4, epodatelna@pcr.cz"
		d.Text = "Podněty čekající na vyřízení: 3."
	}
	d.Code, d.Expires = "K7M4-Q2XP-4HPA-0RTV", "08.06.2026"
	if kind == NotifyGeneric {
		d.Number = ""
		d.StatusURL = ""
		d.Subject = map[bool]string{true: "Tasks to resolve", false: "Úkoly k vyřízení"}[lang == "en"]
	}
	return d
}

// defaultTemplate returns the shipped template of kind in lang.
func defaultTemplate(kind NotificationKind, lang string) NotificationTemplate {
	t := NotificationTemplate{Kind: kind, Lang: lang}
	d, ok := defaultTemplates[lang][kind]
	if !ok {
		d = defaultTemplates["cs"][NotifyGeneric]
	}
	t.Subject, t.Text = d.subject, d.text
	t.HTML = htmlFromText(d.text)
	return t
}

// htmlFromText turns a default plain-text body into its HTML template:
// each paragraph (blank-line separated) becomes a <p>, lines in it are
// joined with <br>. The text's actions stay actions, so html/template
// escapes the values they print.
func htmlFromText(text string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html><head><meta charset="utf-8"></head>
<body style="font-family: sans-serif; line-height: 1.4; color: #1a1a1a;">
`)
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(strings.TrimSpace(para), "\n", "<br>\n"))
		b.WriteString("</p>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}
