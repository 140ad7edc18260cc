package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"linka/cases"
	"linka/internal/workdays"
)

// workflowView is the triage panel of a case page (workflow_panel.html):
// the facts of the case's legal regime and one form per action the user
// may take now.
type workflowView struct {
	Version  int
	Facts    []wfFact
	Warnings []string
	Forms    []wfForm
}

// wfFact is one labelled fact of the panel.
type wfFact struct{ Label, Value string }

// wfForm is the form of one action, open when it failed.
type wfForm struct {
	Action string
	Label  string
	Hint   string
	Open   bool
	Error  string
	Fields []formField
}

// workflowForm is a transition that failed: what the user typed and the
// errors.
type workflowForm struct {
	action string
	values url.Values
	errs   formErrors
}

// workflowView builds the panel for c; failed carries a failed
// transition's input or is nil.
func (s *Server) workflowView(r *http.Request, p basePage, l *lookups, c *cases.Case, failed *workflowForm) (*workflowView, error) {
	wf, err := s.svc.Workflow(r.Context(), userOf(r), c)
	if err != nil {
		return nil, err
	}
	now := s.svc.Now()
	v := &workflowView{Version: c.Version, Facts: wfFacts(p, c, wf)}
	if c.DueSoon(now, s.svc.Calendar()) {
		v.Warnings = append(v.Warnings, p.T("workflow.due_soon")+" "+c.DueDate.Czech()+".")
	}
	if len(wf.IdentityMissing) > 0 {
		var miss []string
		for _, m := range wf.IdentityMissing {
			miss = append(miss, p.T("workflow.identity."+m))
		}
		v.Warnings = append(v.Warnings, p.T("workflow.identity_missing")+" "+strings.Join(miss, ", ")+".")
	}
	if wf.Oral && c.State.Open() {
		v.Warnings = append(v.Warnings, p.T("workflow.oral"))
	}
	for _, a := range wf.Actions {
		vals, errs := url.Values{}, formErrors{}
		open := failed != nil && failed.action == string(a)
		if open {
			vals, errs = failed.values, failed.errs
		} else if a == cases.ActRecord {
			vals = reportValues(&c.InfoReport)
		}
		f := wfForm{Action: string(a), Label: p.T("workflow.action." + string(a)), Hint: p.T("workflow.hint." + string(a)),
			Open: open, Fields: actionFields(p, l, a, wf, vals)}
		f.Error = attachErrors(errs, f.Fields)
		v.Forms = append(v.Forms, f)
	}
	return v, nil
}

// wfFacts lists what the panel shows of the case's regime and handling.
func wfFacts(p basePage, c *cases.Case, wf *cases.WorkflowInfo) []wfFact {
	var out []wfFact
	add := func(key, v string) {
		if v != "" {
			out = append(out, wfFact{p.T(key), v})
		}
	}
	add("workflow.regime", p.T("workflow.regime."+string(wf.Regime)))
	if wf.PeriodDays > 0 {
		add("workflow.period", wf.PeriodFrom.Czech()+" + "+strconv.Itoa(wf.PeriodDays)+" "+p.T("workflow.days")+" → "+c.DueDate.Czech())
	} else if c.State.Open() {
		add("workflow.period", p.T("workflow.no_deadline"))
	}
	if c.State.Open() {
		add("workflow.step_due", wf.StepDue.Czech())
		add("workflow.forward_due", wf.ForwardDue.Czech())
	}
	if c.ExtensionDays > 0 {
		add("workflow.extension", strconv.Itoa(c.ExtensionDays)+" "+p.T("workflow.days")+" — "+c.ExtensionReason)
	}
	if c.CouncilDecides {
		add("workflow.council", p.T("yes"))
	}
	add("workflow.waiting_for", c.WaitingFor)
	if c.ForwardedTo != "" {
		add("workflow.forwarded", c.ForwardedTo+" ("+c.ForwardedOn.Czech()+")")
	}
	if c.Finding != "" {
		add("workflow.finding", p.T("workflow.finding."+string(c.Finding)))
	}
	if c.InfoOutcome != "" {
		add("workflow.info_outcome", p.T("workflow.info_outcome."+string(c.InfoOutcome)))
	}
	add("workflow.late_reason", c.LateReason)
	if c.AppealFiled {
		add("workflow.appeal", p.T("workflow.appeal."+string(c.AppealOutcome)))
	}
	return out
}

// actionFields returns the inputs the form of action a needs.
func actionFields(p basePage, l *lookups, a cases.Action, wf *cases.WorkflowInfo, v url.Values) []formField {
	form := "wf-" + string(a)
	f := func(name, kind string) formField {
		return formField{Form: form, Name: name, Label: p.T("workflow.field." + name), Kind: kind, Value: v.Get(name)}
	}
	sel := func(name string, opts []option) formField {
		x := f(name, "select")
		x.Options = opts
		return x
	}
	check := func(name string) formField {
		x := f(name, "checkbox")
		x.Checked = v.Get(name) == "true"
		return x
	}
	note := func(key string, kind string, required bool) formField {
		x := f("note", kind)
		x.Label, x.Required, x.Wide = p.T("workflow.note."+key), required, true
		return x
	}
	users := sel("user_id", handlerOptions(p, l, v.Get("user_id")))
	deps := sel("department_id", l.departmentOptions(p.T("none"), v.Get("department_id")))
	switch a {
	case cases.ActAccept, cases.ActAssign:
		return []formField{deps, users}
	case cases.ActWait:
		return []formField{note("wait", "textarea", true)}
	case cases.ActResume:
		if wf.Regime == cases.RegimeInfoRequest {
			return []formField{f("completed_on", "date")}
		}
	case cases.ActHandover:
		users.Required = true
		return []formField{users, deps, note("handover", "textarea", true)}
	case cases.ActSendBack:
		return []formField{note("send_back", "textarea", true)}
	case cases.ActExtend:
		return extendFields(p, wf, v, f, sel, note)
	case cases.ActResolve:
		return resolveFields(p, wf, v, f, sel, check, note)
	case cases.ActReject, cases.ActDefer, cases.ActReopen:
		return []formField{note(string(a), "text", true)}
	case cases.ActForward:
		body := f("forwarded_to", "text")
		body.Required, body.Wide = true, true
		return []formField{body, f("forwarded_on", "date"), f("late_reason", "text"), note("forward", "text", false)}
	case cases.ActRecord:
		return []formField{
			sel("refusal", enumOptions(p, "workflow.refusal.", []cases.Refusal{"", cases.RefusalWhole, cases.RefusalPartial}, v.Get("refusal"))),
			check("appeal_filed"),
			sel("appeal_outcome", enumOptions(p, "workflow.appeal.", cases.AppealOutcomes, v.Get("appeal_outcome"))),
			check("court_review"), f("court_outcome", "text"),
			check("exclusive_licence"), f("licence_reason", "text"),
			check("complaint_16a"), f("complaint_16a_reason", "text"), f("complaint_16a_outcome", "text")}
	}
	return nil
}

func extendFields(p basePage, wf *cases.WorkflowInfo, v url.Values, f func(string, string) formField,
	sel func(string, []option) formField, note func(string, string, bool) formField) []formField {
	switch wf.Regime {
	case cases.RegimeInfoRequest:
		days := f("days", "number")
		days.Required = true
		days.Label += " (≤ " + strconv.Itoa(wf.ExtensionLeft) + ")"
		reason := sel("reason", enumOptions(p, "workflow.extend_reason.", cases.InfoExtensionReasons, v.Get("reason")))
		reason.Required = true
		return []formField{days, reason, note("extend", "text", false)}
	case cases.RegimeProposal:
		return []formField{note("council", "text", true)}
	}
	days := f("days", "number")
	days.Required = true
	return []formField{days, note("extend", "text", true)}
}

func resolveFields(p basePage, wf *cases.WorkflowInfo, v url.Values, f func(string, string) formField,
	sel func(string, []option) formField, check func(string) formField, note func(string, string, bool) formField) []formField {
	out := []formField{note("resolve", "textarea", true), f("outcome", "text"), check("response_sent")}
	switch wf.Regime {
	case cases.RegimeComplaint:
		finding := sel("finding", enumOptions(p, "workflow.finding.", cases.Findings, v.Get("finding")))
		finding.Required = true
		out = append(out, finding, f("late_reason", "text"))
	case cases.RegimeInfoRequest:
		o := sel("info_outcome", enumOptions(p, "workflow.info_outcome.", cases.InfoOutcomes, v.Get("info_outcome")))
		o.Required = true
		out = append(out, o, f("late_reason", "text"))
	}
	return out
}

// transitionPage serves POST /cases/{number}/transitions: one action from
// the triage panel. A refused action shows the page again with the form
// open, what the user typed and the error.
func (s *Server) transitionPage(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, formError(err))
		return
	}
	number := r.PathValue("number")
	t, err := formTransition(r.PostForm)
	if err == nil {
		_, err = s.svc.Transition(r.Context(), userOf(r), number, t)
	}
	switch cases.ErrorCode(err) {
	case "":
		s.log.Info("workflow: transition", "case", number, "action", t.Action, "user", userOf(r).Login)
		http.Redirect(w, r, casePath(number)+"?saved=1#workflow", http.StatusSeeOther)
		return
	case cases.EInvalid, cases.EForbidden, cases.EConflict:
		s.log.Info("workflow: transition refused", "case", number, "action", t.Action, "user", userOf(r).Login,
			"code", cases.ErrorCode(err), "err", err)
	default:
		s.fail(w, r, err)
		return
	}
	f := caseForms{tab: "editor", workflow: &workflowForm{action: r.PostForm.Get("action"), values: r.PostForm, errs: formErrors{}}}
	f.workflow.errs.add(r, err)
	f.conflict = cases.ErrorCode(err) == cases.EConflict
	_, f.status = s.publicError(r, err)
	s.showCase(w, r, f)
}

// formTransition reads a transition from the panel's form.
func formTransition(v url.Values) (cases.Transition, error) {
	t := cases.Transition{Action: cases.Action(v.Get("action")), Note: v.Get("note"),
		ForwardedTo: v.Get("forwarded_to"), Reason: v.Get("reason"), Outcome: v.Get("outcome"),
		ResponseSent: v.Get("response_sent") == "true", Finding: cases.Finding(v.Get("finding")),
		InfoOutcome: cases.InfoOutcome(v.Get("info_outcome")), LateReason: v.Get("late_reason")}
	version, err := formID(v.Get("version"), "version")
	if err != nil {
		return t, err
	}
	t.Version = int(version)
	if t.DepartmentID, err = formID(v.Get("department_id"), "department_id"); err != nil {
		return t, err
	}
	if t.UserID, err = formID(v.Get("user_id"), "user_id"); err != nil {
		return t, err
	}
	if d := strings.TrimSpace(v.Get("days")); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil {
			return t, cases.Invalid("days", "%q is not a number", d)
		}
		t.Days = n
	}
	for _, d := range []struct {
		name string
		dst  *workdays.Date
	}{{"forwarded_on", &t.ForwardedOn}, {"completed_on", &t.CompletedOn}} {
		if raw := strings.TrimSpace(v.Get(d.name)); raw != "" {
			if *d.dst, err = workdays.ParseDate(raw); err != nil {
				return t, cases.Invalid(d.name, "%q is not a date", raw)
			}
		}
	}
	if t.Action == cases.ActRecord {
		t.Report = &cases.InfoReport{Refusal: cases.Refusal(v.Get("refusal")), AppealFiled: v.Get("appeal_filed") == "true",
			AppealOutcome: cases.AppealOutcome(v.Get("appeal_outcome")), CourtReview: v.Get("court_review") == "true",
			CourtOutcome: v.Get("court_outcome"), ExclusiveLicence: v.Get("exclusive_licence") == "true",
			LicenceReason: v.Get("licence_reason"), Complaint16a: v.Get("complaint_16a") == "true",
			Complaint16aReason: v.Get("complaint_16a_reason"), Complaint16aOutcome: v.Get("complaint_16a_outcome")}
	}
	return t, nil
}

// reportValues fills the record form with the stored § 18 record.
func reportValues(r *cases.InfoReport) url.Values {
	b := func(x bool) string { return strconv.FormatBool(x) }
	return url.Values{"refusal": {string(r.Refusal)}, "appeal_filed": {b(r.AppealFiled)},
		"appeal_outcome": {string(r.AppealOutcome)}, "court_review": {b(r.CourtReview)},
		"court_outcome": {r.CourtOutcome}, "exclusive_licence": {b(r.ExclusiveLicence)},
		"licence_reason": {r.LicenceReason}, "complaint_16a": {b(r.Complaint16a)},
		"complaint_16a_reason": {r.Complaint16aReason}, "complaint_16a_outcome": {r.Complaint16aOutcome}}
}

// handlerOptions lists the active staff who can handle cases (clerks,
// officials, supervisors): whom a case may be assigned or handed to.
func handlerOptions(p basePage, l *lookups, selected string) []option {
	var users []cases.User
	for _, u := range l.users {
		if u.Active && (u.Has(cases.RoleOfficial) || u.Has(cases.RoleClerk) || u.Has(cases.RoleSupervisor)) {
			users = append(users, u)
		}
	}
	return withNone(p.T("none"), optionsOf(users, func(u *cases.User) string { return itoa(u.ID) },
		func(u *cases.User) string { return u.Name }, selected))
}

// workflowHistoryValue shows a value of the workflow's history fields as
// people read it: a finding, an outcome, a refusal or an appeal's result
// in words; ok is false for other fields.
func workflowHistoryValue(p basePage, field, v string) (string, bool) {
	if field == "action" {
		a, note, _ := strings.Cut(v, ": ")
		if !cases.Action(a).Valid() {
			return v, true
		}
		return p.T("workflow.action."+a) + noteSuffix(note), true
	}
	if field == "extension" && v != "" {
		days, reason, _ := strings.Cut(v, " ")
		code, note, _ := strings.Cut(reason, ": ")
		if slices.Contains(cases.InfoExtensionReasons, code) {
			reason = p.T("workflow.extend_reason."+code) + noteSuffix(note)
		}
		return days + " " + p.T("workflow.days") + " — " + reason, true
	}
	prefix := map[string]string{"finding": "workflow.finding.", "info_outcome": "workflow.info_outcome.",
		"refusal": "workflow.refusal.", "appeal_outcome": "workflow.appeal."}[field]
	if prefix == "" || v == "" {
		return "", false
	}
	return p.T(prefix + v), true
}

// noteSuffix returns ": note", or "" without a note.
func noteSuffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}
