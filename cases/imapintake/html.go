package imapintake

import (
	"strings"

	"golang.org/x/net/html"
)

// HTMLText converts an HTML body to plain text: scripts, styles and the
// head are dropped, block elements and <br> break lines, list items get a
// dash, a link whose address differs from its text keeps the address in
// brackets, runs of spaces collapse and at most one blank line remains.
func HTMLText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	var href []string
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return tidyText(b.String())
		case html.TextToken:
			if skip == 0 {
				b.WriteString(collapse(string(z.Text())))
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			switch tag {
			case "script", "style", "head", "title":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
				continue
			}
			if skip > 0 {
				continue
			}
			switch {
			case tag == "br":
				b.WriteByte('\n')
			case tag == "li" && tt == html.StartTagToken:
				b.WriteString("\n- ")
			case tag == "a" && tt == html.StartTagToken:
				href = append(href, attr(z, hasAttr, "href"))
			case tag == "a" && tt == html.EndTagToken && len(href) > 0:
				h := href[len(href)-1]
				href = href[:len(href)-1]
				if h != "" && !strings.HasPrefix(h, "#") && !strings.Contains(b.String()[max(0, b.Len()-len(h)-2):], strings.TrimPrefix(h, "mailto:")) {
					b.WriteString(" (" + h + ")")
				}
			case blocks[tag]:
				b.WriteString("\n\n")
			case tag == "td" || tag == "th":
				b.WriteString("\t")
			}
		}
	}
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' }

// collapse turns every run of white space in s into one space.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// blocks are the elements that start a paragraph.
var blocks = map[string]bool{"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "tr": true, "table": true, "ul": true, "ol": true, "blockquote": true,
	"pre": true, "hr": true, "section": true, "article": true, "header": true, "footer": true}

func attr(z *html.Tokenizer, more bool, key string) string {
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		if string(k) == key {
			return string(v)
		}
	}
	return ""
}

// tidyText trims each line, collapses spaces and keeps at most one blank
// line in a row.
func tidyText(s string) string {
	var out []string
	blank := true
	for _, l := range strings.Split(s, "\n") {
		l = strings.Join(strings.Fields(l), " ")
		if l == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		out = append(out, l)
		blank = false
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
