package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"linka/cases"
)

func TestCallLogPage_Rows(t *testing.T) {
	e := newCallLogEnv(t, "clerk", "official", "supervisor")
	e.fillCallLog()
	contact := &cases.Contact{Kind: cases.KindPerson, FirstName: "Jana", LastName: "Nováková", Phone: "+420602111111"}
	if err := e.svc.CreateContact(context.Background(), e.user("clerk"), contact); err != nil {
		t.Fatal(err)
	}
	c1, c2 := e.newCase("clerk", cases.CaseInput{}), e.newCase("clerk", cases.CaseInput{})
	e.linkCase(c2, "r1", logAt(t, "09:05:00"))
	e.linkCase(c1, "r1", logAt(t, "09:06:00"))

	c, _ := e.session("clerk")
	body := html(t, e.get("/calllog", c), http.StatusOK)
	noInline(t, "the call log", body)
	wantAll(t, "the call log", body, `<a href="/calllog" aria-current="page">Hovory</a>`, `href="/callbacks"`,
		"Zobrazeno 1–4 z 4", `<th scope="col">Vyzvánění</th>`)
	answered := rowWith(t, body, "<td>602111111</td>")
	wantAll(t, "the answered call", answered, "10.03.2026 09:00:10", "<td>Příchozí</td>", "<td>544503101</td>",
		"<td>101</td>", "<td>Test clerk (101)</td>", "<td>0:05</td>", "<td>1:23</td>", "<td>Ukončen po hovoru</td>",
		"<td>CSTA, SMDR</td>", fmt.Sprintf(`<a href="/contacts/%d">Jana Nováková</a>`, contact.ID),
		`<a href="/cases/`+c2.Number+`">`+c2.Number+`</a>, <a href="/cases/`+c1.Number+`">`)
	if strings.Contains(answered, "missed") {
		t.Errorf("the answered call is marked missed:\n%s", answered)
	}
	missed := rowWith(t, body, "<td>602222222</td>")
	wantAll(t, "the missed call", missed, `<tr class="missed">`, `<span class="sr-only">(zmeškaný)</span>`,
		"<td>0:30</td>", "<td>0:00</td>", "Nepřijat (přestalo vyzvánět)")
	wantAll(t, "the SMDR-only call", rowWith(t, body, "<td>0777123456</td>"), "<td>Odchozí</td>", "<td>SMDR</td>", "<td>2:00</td>")
	wantAll(t, "the internal call", rowWith(t, body, "<td>101, 104</td>"), "<td>Interní</td>")
}

func TestCallLogPage_Filters(t *testing.T) {
	e := newCallLogEnv(t, "clerk", "official", "admin")
	e.fillCallLog()
	numbers := []string{"602111111", "602222222", "0777123456", "<td>101</td>\n    <td>104</td>"}
	for _, tt := range []struct {
		login, query string
		status       int
		want         string // which of numbers the page shows, by index
		message      string
	}{
		{"clerk", "", http.StatusOK, "0123", ""},
		{"clerk", "number=602+111+111", http.StatusOK, "0", ""},
		{"clerk", "extension=101", http.StatusOK, "03", ""},
		{"clerk", "missed=true", http.StatusOK, "1", ""},
		{"clerk", "direction=outgoing", http.StatusOK, "2", ""},
		{"clerk", "from=2026-03-10&to=2026-03-10", http.StatusOK, "0123", ""},
		{"clerk", "from=2026-03-11", http.StatusOK, "", "Nic nenalezeno."},
		{"clerk", "limit=2&offset=1", http.StatusOK, "12", `rel="prev"`},
		{"official", "", http.StatusOK, "13", ""},
		{"official", "extension=101", http.StatusForbidden, "", `role="alert">hovory jiných linek vidí jen referenti a vedoucí`},
		{"admin", "", http.StatusUnprocessableEntity, "", `id="f-extension-error">nemáte přidělenou linku`},
		{"clerk", "number=abc&missed=true", http.StatusUnprocessableEntity, "", `id="f-number-error">&#34;abc&#34; není telefonní číslo`},
		{"clerk", "from=yesterday", http.StatusUnprocessableEntity, "", `id="f-from-error"`},
	} {
		t.Run(tt.login+" "+tt.query, func(t *testing.T) {
			c, _ := e.session(tt.login)
			body := html(t, e.get("/calllog?"+tt.query, c), tt.status)
			got := ""
			for i, n := range numbers {
				if strings.Contains(body, n) {
					got += fmt.Sprint(i)
				}
			}
			if got != tt.want {
				t.Errorf("GET /calllog?%s as %s shows calls %q, want %q", tt.query, tt.login, got, tt.want)
			}
			if !strings.Contains(body, tt.message) {
				t.Errorf("GET /calllog?%s as %s lacks %q:\n%s", tt.query, tt.login, tt.message, body)
			}
		})
	}
	c, _ := e.session("clerk")
	kept := html(t, e.get("/calllog?number=abc&missed=true&direction=internal", c), http.StatusUnprocessableEntity)
	wantAll(t, "the invalid filter", kept, `value="abc"`, `id="f-missed" name="missed" value="true" checked`,
		`<option value="internal" selected>`)
}

func TestCallLogPage_NotConfigured(t *testing.T) {
	e := newEnv(t)
	c, _ := e.session("clerk")
	body := html(t, e.get("/calllog", c), http.StatusOK)
	wantAll(t, "the page without a call log", body, "Záznam hovorů není nastaven.")
	if strings.Contains(body, "<table") {
		t.Error("the page without a call log shows a table")
	}
}
