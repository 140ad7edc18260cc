package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
	"linka/ivr"
	"linka/ivr/sipua"
)

// ivrPage is the voice gateway's admin page ("Hlasová brána"): the SIP
// gateway's state, the flows with their versions, and the prompts with
// players and an upload form.
type ivrPage struct {
	basePage
	Configured    bool
	Status        *sipua.Status
	Flows         []flowRow
	Prompts       []promptRow
	Notice, Alert string
	Errors        formErrors
	Languages     []option
}

type flowRow struct {
	Name, Note, Created, Activated string
	Version                        int
	Active                         bool
	EditURL, ActivateURL           string
}

type promptRow struct {
	Name, Language, Duration, Source, Text, Updated string
	AudioURL, DeleteURL                             string
}

// ivrFlowPage edits a flow: the version's JSON in a text area, a summary
// of its nodes, and what validation finds.
type ivrFlowPage struct {
	basePage
	Name, Note, Definition string
	Version                int
	Active                 bool
	Nodes                  []nodeRow
	Problems               []string
	Alert, Notice          string
	ActivateURL            string
}

type nodeRow struct {
	ID, Kind, Label, Prompt, Branches string
	Start                             bool
}

// SeesIVR reports whether the user may configure the voice gateway.
func (p basePage) SeesIVR() bool { return p.User != nil && p.User.Has(cases.RolePBXAdmin) }

// ivrAdminPage serves GET /ivr.
func (s *Server) ivrAdminPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	notice := ""
	switch {
	case q.Get("saved") != "":
		notice = "ivr.saved"
	case q.Get("activated") != "":
		notice = "ivr.activated"
	case q.Get("uploaded") != "":
		notice = "ivr.uploaded"
	case q.Get("deleted") != "":
		notice = "ivr.deleted"
	}
	s.showIVR(w, r, http.StatusOK, notice, "", formErrors{})
}

func (s *Server) showIVR(w http.ResponseWriter, r *http.Request, status int, notice, alert string, errs formErrors) {
	p := ivrPage{basePage: s.newBase(r, "ivr.title", "ivr"), Configured: s.ivr.admin != nil, Alert: alert, Errors: errs}
	if notice != "" {
		p.Notice = p.T(notice)
	}
	p.Languages = []option{{Value: ivr.LangCzech, Label: "čeština"}, {Value: ivr.LangEnglish, Label: "English"}}
	if !p.Configured {
		s.render(w, r, http.StatusOK, "ivr", p)
		return
	}
	if s.ivr.status != nil {
		st := s.ivr.status()
		p.Status = &st
	}
	vs, err := s.ivr.admin.FlowVersions(r.Context(), "")
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	for _, v := range vs {
		row := flowRow{Name: v.Name, Version: v.Version, Note: v.Note, Active: v.Active,
			Created: formatWhen(v.CreatedAt) + " " + v.CreatedBy,
			EditURL: fmt.Sprintf("/ivr/flows/%s/%d", url.PathEscape(v.Name), v.Version)}
		row.ActivateURL = row.EditURL + "/activate"
		if !v.ActivatedAt.IsZero() {
			row.Activated = formatWhen(v.ActivatedAt) + " " + v.ActivatedBy
		}
		p.Flows = append(p.Flows, row)
	}
	ps, err := s.ivr.admin.Prompts(r.Context())
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	for _, pr := range ps {
		base := "/ivr/prompts/" + url.PathEscape(pr.Name) + "/" + pr.Language
		p.Prompts = append(p.Prompts, promptRow{Name: pr.Name, Language: pr.Language,
			Duration: fmt.Sprintf("%.1f s", pr.Duration.Seconds()),
			Source:   fmt.Sprintf("%d Hz, %d ch", pr.SourceRate, pr.SourceChannels), Text: pr.Text,
			Updated: formatWhen(pr.UpdatedAt) + " " + pr.UpdatedBy, AudioURL: base + "/audio", DeleteURL: base + "/delete"})
	}
	s.render(w, r, status, "ivr", p)
}

// formatWhen shows a time in Prague.
func formatWhen(t time.Time) string {
	return t.In(workdays.Prague()).Format("2. 1. 2006 15:04")
}

// ivrFlowEdit serves GET /ivr/flows/{name}/{version}.
func (s *Server) ivrFlowEdit(w http.ResponseWriter, r *http.Request) {
	name, version, err := flowKey(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.ivr.admin.FlowVersion(r.Context(), name, version)
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	def, _ := json.MarshalIndent(v.Flow, "", "  ")
	p := ivrFlowPage{basePage: s.newBase(r, "ivr.flow_title", "ivr"), Name: v.Name, Version: v.Version,
		Active: v.Active, Definition: string(def), ActivateURL: fmt.Sprintf("/ivr/flows/%s/%d/activate", url.PathEscape(name), version)}
	p.Title = fmt.Sprintf("%s – %s %d", p.Title, v.Name, v.Version)
	if r.URL.Query().Get("saved") != "" {
		p.Notice = p.T("ivr.saved")
	}
	p.fill(r, s, v.Flow)
	s.render(w, r, http.StatusOK, "ivr_flow", p)
}

// fill adds the node summary and validation problems of f.
func (p *ivrFlowPage) fill(r *http.Request, s *Server, f *ivr.Flow) {
	var ve *ivr.ValidationError
	if err := s.ivr.admin.Check(r.Context(), f); errors.As(err, &ve) {
		p.Problems = ve.Problems
	}
	for _, n := range f.Nodes {
		p.Nodes = append(p.Nodes, nodeRow{ID: n.ID, Kind: p.T("ivr.kind." + string(n.Kind)), Label: n.Label,
			Prompt: n.Prompt, Branches: branches(n), Start: n.ID == f.Start})
	}
}

// branches describes where a node goes, e.g. "1 → clerks; no input → bye".
func branches(n ivr.Node) string {
	var parts []string
	add := func(label, to string) {
		if to == "" {
			to = "⏹"
		}
		parts = append(parts, label+" → "+to)
	}
	switch n.Kind {
	case ivr.KindPlay:
		add("", n.Next)
	case ivr.KindNotice:
		add("("+n.Digit+" ✗rec)", n.Next)
	case ivr.KindMenu:
		for d, to := range n.Choices {
			add(d, to)
		}
		add("∅", n.NoInput)
	case ivr.KindTime:
		add(n.Hours.String(), n.Open)
		add("✗", n.Closed)
	case ivr.KindTransfer:
		parts = append(parts, "⇒ "+n.Target)
		if n.Busy != "" {
			add("busy", n.Busy)
		}
		if n.Failed != "" {
			add("failed", n.Failed)
		}
	case ivr.KindCallback:
		add(n.Digit, n.Next)
		if n.Digit != "" {
			add("∅", n.NoInput)
		}
	}
	return strings.TrimSpace(strings.Join(parts, "; "))
}

// ivrFlowSave serves POST /ivr/flows: the text area's JSON saved as a
// new version. Invalid JSON comes back to the form with the error.
func (s *Server) ivrFlowSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, badRequest("", "the form could not be read"))
		return
	}
	def, note := r.PostFormValue("definition"), r.PostFormValue("note")
	f, err := ivr.ParseFlow([]byte(def))
	if err == nil {
		var v ivr.FlowVersion
		if v, err = s.ivr.admin.SaveFlow(r.Context(), f, note, userOf(r).Login); err == nil {
			s.logInfo(r, "ivr flow saved", "flow", v.Name, "version", v.Version)
			http.Redirect(w, r, fmt.Sprintf("/ivr/flows/%s/%d?saved=1", url.PathEscape(v.Name), v.Version), http.StatusSeeOther)
			return
		}
		err = ivrError(err)
	} else {
		err = badRequest("definition", "the flow is not valid JSON: %s", strings.TrimPrefix(err.Error(), "ivr: flow is not valid JSON: "))
	}
	s.logWarn(r, "ivr flow not saved", "err", err)
	p := ivrFlowPage{basePage: s.newBase(r, "ivr.flow_title", "ivr"), Name: r.PostFormValue("name"), Note: note,
		Definition: def, Alert: localize(r, err)}
	s.render(w, r, http.StatusUnprocessableEntity, "ivr_flow", p)
}

// ivrFlowActivate serves POST /ivr/flows/{name}/{version}/activate.
func (s *Server) ivrFlowActivate(w http.ResponseWriter, r *http.Request) {
	name, version, err := flowKey(r)
	if err == nil {
		err = ivrError(s.ivr.admin.ActivateFlow(r.Context(), name, version, userOf(r).Login))
	}
	if err != nil {
		s.logWarn(r, "ivr flow not activated", "flow", name, "version", version, "err", err)
		s.showIVR(w, r, http.StatusUnprocessableEntity, "", localize(r, err), formErrors{})
		return
	}
	s.logInfo(r, "ivr flow activated", "flow", name, "version", version)
	http.Redirect(w, r, "/ivr?activated=1", http.StatusSeeOther)
}

// ivrPromptUpload serves POST /ivr/prompts.
func (s *Server) ivrPromptUpload(w http.ResponseWriter, r *http.Request) {
	if _, err := s.uploadPrompt(r); err != nil {
		errs := formErrors{}
		errs.add(r, err)
		s.showIVR(w, r, http.StatusUnprocessableEntity, "", "", errs)
		return
	}
	http.Redirect(w, r, "/ivr?uploaded=1", http.StatusSeeOther)
}

// ivrPromptDelete serves POST /ivr/prompts/{name}/{lang}/delete.
func (s *Server) ivrPromptDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.ivr.admin.DeletePrompt(r.Context(), r.PathValue("name"), r.PathValue("lang")); err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	s.logInfo(r, "ivr prompt deleted", "prompt", r.PathValue("name"), "lang", r.PathValue("lang"))
	http.Redirect(w, r, "/ivr?deleted=1", http.StatusSeeOther)
}
