package report

import (
	"bytes"
	"context"
	"html/template"
	"strings"
	"text/tabwriter"
)

// mailHTML is the HTML body of a report e-mail: inline styles only (mail
// clients drop style sheets), overdue rows in red.
var mailHTML = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Doc.Title}}</title></head>
<body style="font-family:Arial,sans-serif;color:#1a1a1a">
<h1 style="font-size:20px">{{.Doc.Title}}</h1>
{{range .Doc.Intro}}<p>{{.}}</p>{{end}}
{{range .Doc.Tables}}{{if .Title}}<h2 style="font-size:16px">{{.Title}}</h2>{{end}}
<table style="border-collapse:collapse" cellpadding="4">
<thead><tr>{{range .Head}}<th scope="col" style="border:1px solid #999;background:#eee;text-align:left">{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr{{if .Overdue}} style="color:#b00000;font-weight:bold"{{end}}>{{range $i, $c := .Cells}}<td style="border:1px solid #999">{{$c}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{end}}
{{if .Note}}<p>{{.Note}}</p>{{end}}
<p><a href="{{.Doc.Link}}">{{.Doc.Link}}</a></p>
</body></html>
`))

// Build builds the schedule's report as of now: the document and the
// e-mail (HTML and text; a CSV attachment unless the report carries
// personal data, which is linked instead).
func (s *Service) Build(ctx context.Context, sc Schedule) (Built, error) {
	d, err := s.Document(ctx, sc.Kind, sc.Params, sc.Language)
	if err != nil {
		return Built{}, err
	}
	return Built{Doc: d, Mail: RenderMail(d, sc.Language)}, nil
}

// Built is a built report and its e-mail.
type Built struct {
	Doc  Document
	Mail Mail
}

// RenderMail renders d as an e-mail in lang.
func RenderMail(d Document, lang string) Mail {
	l := labels(lang)
	note := ""
	if d.Kind.Personal() {
		note = l["personal.note"]
	}
	var h bytes.Buffer
	_ = mailHTML.Execute(&h, struct {
		Lang, Note string
		Doc        Document
	}{lang, note, d}) // the template and its data are ours: it cannot fail
	m := Mail{Subject: "Linka: " + d.Title, HTML: h.String(), Text: renderText(d, note)}
	if !d.Kind.Personal() {
		m.Attachments = []Attachment{{Name: string(d.Kind) + ".csv", ContentType: "text/csv; charset=utf-8", Data: CSV(d.Records())}}
	}
	return m
}

// renderText is the plain-text body: tables aligned with spaces, overdue
// rows marked with "!".
func renderText(d Document, note string) string {
	var b strings.Builder
	b.WriteString(d.Title + "\n\n")
	for _, p := range d.Intro {
		b.WriteString(p + "\n")
	}
	for _, t := range d.Tables {
		b.WriteString("\n")
		if t.Title != "" {
			b.WriteString(t.Title + "\n")
		}
		w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		w.Write([]byte("  " + strings.Join(t.Head, "\t") + "\n"))
		for _, r := range t.Rows {
			mark := "  "
			if r.Overdue {
				mark = "! "
			}
			w.Write([]byte(mark + strings.Join(r.Cells, "\t") + "\n"))
		}
		w.Flush()
	}
	if note != "" {
		b.WriteString("\n" + note + "\n")
	}
	b.WriteString("\n" + d.Link + "\n")
	return b.String()
}
