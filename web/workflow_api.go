package web

import (
	"net/http"

	"linka/cases"
	"linka/internal/workdays"
)

// handlingJSON is what the workflow records on a case (cases.Handling).
type handlingJSON struct {
	DeadlineFrom    *workdays.Date    `json:"deadline_from"`
	ExtensionDays   int               `json:"extension_days"`
	ExtensionReason string            `json:"extension_reason"`
	ExtendedAt      *apiTime          `json:"extended_at"`
	LateReason      string            `json:"late_reason"`
	Finding         cases.Finding     `json:"finding"`
	ForwardedTo     string            `json:"forwarded_to"`
	ForwardedOn     *workdays.Date    `json:"forwarded_on"`
	WaitingFor      string            `json:"waiting_for"`
	CouncilDecides  bool              `json:"council_decides"`
	ReplyRequested  bool              `json:"reply_requested"`
	InfoOutcome     cases.InfoOutcome `json:"info_outcome"`
	InfoReport      infoReportJSON    `json:"info_report"`
}

// infoReportJSON is the § 18 record of an information request.
type infoReportJSON struct {
	Refusal             cases.Refusal       `json:"refusal"`
	AppealFiled         bool                `json:"appeal_filed"`
	AppealOutcome       cases.AppealOutcome `json:"appeal_outcome"`
	CourtReview         bool                `json:"court_review"`
	CourtOutcome        string              `json:"court_outcome"`
	ExclusiveLicence    bool                `json:"exclusive_licence"`
	LicenceReason       string              `json:"licence_reason"`
	Complaint16a        bool                `json:"complaint_16a"`
	Complaint16aReason  string              `json:"complaint_16a_reason"`
	Complaint16aOutcome string              `json:"complaint_16a_outcome"`
}

func toInfoReportJSON(r cases.InfoReport) infoReportJSON {
	return infoReportJSON{Refusal: r.Refusal, AppealFiled: r.AppealFiled, AppealOutcome: r.AppealOutcome,
		CourtReview: r.CourtReview, CourtOutcome: r.CourtOutcome, ExclusiveLicence: r.ExclusiveLicence,
		LicenceReason: r.LicenceReason, Complaint16a: r.Complaint16a, Complaint16aReason: r.Complaint16aReason,
		Complaint16aOutcome: r.Complaint16aOutcome}
}

func (r infoReportJSON) report() cases.InfoReport {
	return cases.InfoReport{Refusal: r.Refusal, AppealFiled: r.AppealFiled, AppealOutcome: r.AppealOutcome,
		CourtReview: r.CourtReview, CourtOutcome: r.CourtOutcome, ExclusiveLicence: r.ExclusiveLicence,
		LicenceReason: r.LicenceReason, Complaint16a: r.Complaint16a, Complaint16aReason: r.Complaint16aReason,
		Complaint16aOutcome: r.Complaint16aOutcome}
}

func toHandlingJSON(h *cases.Handling) *handlingJSON {
	var ext *apiTime
	if !h.ExtendedAt.IsZero() {
		t := apiTime(h.ExtendedAt)
		ext = &t
	}
	return &handlingJSON{DeadlineFrom: apiDate(h.DeadlineFrom), ExtensionDays: h.ExtensionDays,
		ExtensionReason: h.ExtensionReason, ExtendedAt: ext, LateReason: h.LateReason, Finding: h.Finding,
		ForwardedTo: h.ForwardedTo, ForwardedOn: apiDate(h.ForwardedOn), WaitingFor: h.WaitingFor,
		CouncilDecides: h.CouncilDecides, ReplyRequested: h.ReplyRequested, InfoOutcome: h.InfoOutcome,
		InfoReport: toInfoReportJSON(h.InfoReport)}
}

// transitionJSON is the body of POST /api/v1/cases/{number}/transitions.
type transitionJSON struct {
	Action       cases.Action      `json:"action"`
	Version      *int              `json:"version"`
	Note         string            `json:"note"`
	DepartmentID int64             `json:"department_id"`
	UserID       int64             `json:"user_id"`
	ForwardedTo  string            `json:"forwarded_to"`
	ForwardedOn  workdays.Date     `json:"forwarded_on"`
	Days         int               `json:"days"`
	Reason       string            `json:"reason"`
	CompletedOn  workdays.Date     `json:"completed_on"`
	Outcome      string            `json:"outcome"`
	ResponseSent bool              `json:"response_sent"`
	Finding      cases.Finding     `json:"finding"`
	InfoOutcome  cases.InfoOutcome `json:"info_outcome"`
	LateReason   string            `json:"late_reason"`
	Report       *infoReportJSON   `json:"report"`
}

func (in *transitionJSON) transition() cases.Transition {
	t := cases.Transition{Action: in.Action, Note: in.Note, DepartmentID: in.DepartmentID, UserID: in.UserID,
		ForwardedTo: in.ForwardedTo, ForwardedOn: in.ForwardedOn, Days: in.Days, Reason: in.Reason,
		CompletedOn: in.CompletedOn, Outcome: in.Outcome, ResponseSent: in.ResponseSent, Finding: in.Finding,
		InfoOutcome: in.InfoOutcome, LateReason: in.LateReason}
	if in.Version != nil {
		t.Version = *in.Version
	}
	if in.Report != nil {
		r := in.Report.report()
		t.Report = &r
	}
	return t
}

// apiTransition serves POST /api/v1/cases/{number}/transitions: one
// workflow action on a case; it answers with the case after it.
func (s *Server) apiTransition(w http.ResponseWriter, r *http.Request) {
	var in transitionJSON
	if err := decodeJSON(r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	if in.Version == nil {
		s.fail(w, r, cases.Invalid("version", "the version of the case you loaded is required"))
		return
	}
	c, err := s.svc.Transition(r.Context(), userOf(r), r.PathValue("number"), in.transition())
	if err != nil {
		s.log.Info("workflow: transition refused", "case", r.PathValue("number"), "action", in.Action,
			"user", userOf(r).Login, "code", cases.ErrorCode(err), "err", err)
		s.fail(w, r, err)
		return
	}
	s.log.Info("workflow: transition", "case", c.Number, "action", in.Action, "user", userOf(r).Login, "state", c.State)
	writeJSON(w, http.StatusOK, toCaseJSON(c, s.dueClock()))
}

// workflowJSON is the answer of GET /api/v1/cases/{number}/transitions.
type workflowJSON struct {
	Number          string         `json:"number"`
	State           cases.State    `json:"state"`
	Version         int            `json:"version"`
	Actions         []cases.Action `json:"actions"`
	Regime          cases.Regime   `json:"regime"`
	CaseTypeID      *int64         `json:"case_type_id"`
	DueDate         *workdays.Date `json:"due_date"`
	Overdue         bool           `json:"overdue"`
	DueSoon         bool           `json:"due_soon"`
	PeriodFrom      *workdays.Date `json:"period_from"`
	PeriodDays      int            `json:"period_days"`
	StepDue         *workdays.Date `json:"step_due"`
	ForwardDue      *workdays.Date `json:"forward_due"`
	Oral            bool           `json:"oral"`
	IdentityMissing []string       `json:"identity_missing"`
	ExtensionLeft   int            `json:"extension_left"`
}

// apiWorkflow serves GET /api/v1/cases/{number}/transitions: the actions
// the caller may take on the case now and its regime's periods.
func (s *Server) apiWorkflow(w http.ResponseWriter, r *http.Request) {
	c, err := s.svc.Case(r.Context(), userOf(r), r.PathValue("number"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	wf, err := s.svc.Workflow(r.Context(), userOf(r), c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now := s.svc.Now()
	out := workflowJSON{Number: c.Number, State: c.State, Version: c.Version, Actions: wf.Actions,
		Regime: wf.Regime, CaseTypeID: ref(c.CaseTypeID), DueDate: apiDate(c.DueDate), Overdue: c.Overdue(now),
		DueSoon: c.DueSoon(now, s.svc.Calendar()), PeriodFrom: apiDate(wf.PeriodFrom), PeriodDays: wf.PeriodDays,
		StepDue: apiDate(wf.StepDue), ForwardDue: apiDate(wf.ForwardDue), Oral: wf.Oral,
		IdentityMissing: wf.IdentityMissing, ExtensionLeft: wf.ExtensionLeft}
	if out.Actions == nil {
		out.Actions = []cases.Action{}
	}
	if out.IdentityMissing == nil {
		out.IdentityMissing = []string{}
	}
	writeJSON(w, http.StatusOK, out)
}

// matrixJSON is one row of GET /api/v1/workflow: an action, the states it
// may be taken from, the state it leads to and the roles that may take it.
type matrixJSON struct {
	Action cases.Action  `json:"action"`
	From   []cases.State `json:"from"`
	To     cases.State   `json:"to"`
	Roles  []cases.Role  `json:"roles"`
}

// apiWorkflowMatrix serves GET /api/v1/workflow: the role × transition
// matrix as the service enforces it.
func (s *Server) apiWorkflowMatrix(w http.ResponseWriter, r *http.Request) {
	var rows []matrixJSON
	for _, a := range cases.Actions {
		m := matrixJSON{Action: a, From: []cases.State{}, To: a.To(), Roles: []cases.Role{}}
		for _, st := range cases.States {
			if a.From(st) {
				m.From = append(m.From, st)
			}
		}
		for _, role := range cases.Roles {
			if cases.RoleMay(role, a) {
				m.Roles = append(m.Roles, role)
			}
		}
		rows = append(rows, m)
	}
	writeJSON(w, http.StatusOK, newList(rows))
}
