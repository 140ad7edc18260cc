package web

import (
	"net/url"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// caseJSON is a case in the API. References to absent objects are null.
type caseJSON struct {
	ID           int64          `json:"id"`
	Number       string         `json:"number"`
	Source       cases.Source   `json:"source"`
	ReceivedAt   apiTime        `json:"received_at"`
	CreatedAt    apiTime        `json:"created_at"`
	UpdatedAt    apiTime        `json:"updated_at"`
	DueDate      *workdays.Date `json:"due_date"`
	Overdue      bool           `json:"overdue"`
	DueSoon      bool           `json:"due_soon"` // workflow: open and due within 3 working days
	SubmitterID  *int64         `json:"submitter_id"`
	Subject      string         `json:"subject"`
	Description  string         `json:"description"`
	DepartmentID *int64         `json:"department_id"`
	CaseTypeID   *int64         `json:"case_type_id"`
	State        cases.State    `json:"state"`
	Outcome      string         `json:"outcome"`
	Priority     cases.Priority `json:"priority"`
	Assigned     bool           `json:"assigned"`
	AssignedTo   *int64         `json:"assigned_to"`
	HandledBy    *int64         `json:"handled_by"`
	ResponseSent bool           `json:"response_sent"`
	Response     string         `json:"response"`
	KeepInformed bool           `json:"keep_informed"`
	Language     string         `json:"language"`
	Restricted   bool           `json:"restricted"`
	HiddenFrom   []int64        `json:"hidden_from"`
	SourceRef    string         `json:"source_ref,omitempty"`
	Version      int            `json:"version"`
	Handling     *handlingJSON  `json:"handling"` // workflow: what the workflow records (workflow_api.go)
}

// caseRowJSON is a case in a list, with the names the register shows.
type caseRowJSON struct {
	caseJSON
	SubmitterName  string `json:"submitter_name"`
	DepartmentName string `json:"department_name"`
	CaseTypeName   string `json:"case_type_name"`
	AssignedToName string `json:"assigned_to_name"`
	HandledByName  string `json:"handled_by_name"`
}

// dueClock is what the overdue and due-soon flags are computed from: the
// time and the office's calendar (its closed days are not working days).
type dueClock struct {
	at  time.Time
	cal workdays.Calendar
}

// dueClock returns the service's time and calendar.
func (s *Server) dueClock() dueClock { return dueClock{s.svc.Now(), s.svc.Calendar()} }

func toCaseJSON(c *cases.Case, now dueClock) caseJSON {
	hidden := c.HiddenFrom
	if hidden == nil {
		hidden = []int64{}
	}
	return caseJSON{ID: c.ID, Number: c.Number, Source: c.Source, ReceivedAt: apiTime(c.ReceivedAt),
		CreatedAt: apiTime(c.CreatedAt), UpdatedAt: apiTime(c.UpdatedAt), DueDate: apiDate(c.DueDate),
		Overdue: c.Overdue(now.at), SubmitterID: ref(c.SubmitterID), Subject: c.Subject,
		Description: c.Description, DepartmentID: ref(c.DepartmentID), CaseTypeID: ref(c.CaseTypeID),
		State: c.State, Outcome: c.Outcome, Priority: c.Priority, Assigned: c.Assigned(),
		AssignedTo: ref(c.AssignedTo), HandledBy: ref(c.HandledBy), ResponseSent: c.ResponseSent,
		Response: c.Response, KeepInformed: c.KeepInformed, Language: c.Language,
		Restricted: c.Restricted, HiddenFrom: hidden, SourceRef: c.SourceRef, Version: c.Version,
		DueSoon: c.DueSoon(now.at, now.cal), Handling: toHandlingJSON(&c.Handling)}
}

func toCaseRowJSON(r *cases.CaseRow, now dueClock) caseRowJSON {
	return caseRowJSON{caseJSON: toCaseJSON(&r.Case, now), SubmitterName: r.SubmitterName,
		DepartmentName: r.DepartmentName, CaseTypeName: r.CaseTypeName,
		AssignedToName: r.AssignedToName, HandledByName: r.HandledByName}
}

// caseCreateJSON is the body of POST /api/v1/cases. Give submitter_id for
// an existing contact or submitter for a new one (or neither).
type caseCreateJSON struct {
	Source       cases.Source   `json:"source"`
	ReceivedAt   time.Time      `json:"received_at"`
	DueDate      workdays.Date  `json:"due_date"`
	SubmitterID  int64          `json:"submitter_id"`
	Submitter    *contactJSON   `json:"submitter"`
	Subject      string         `json:"subject"`
	Description  string         `json:"description"`
	DepartmentID int64          `json:"department_id"`
	CaseTypeID   int64          `json:"case_type_id"`
	Priority     cases.Priority `json:"priority"`
	AssignedTo   int64          `json:"assigned_to"`
	HandledBy    int64          `json:"handled_by"`
	KeepInformed bool           `json:"keep_informed"`
	Language     string         `json:"language"`
	Restricted   bool           `json:"restricted"`
	HiddenFrom   []int64        `json:"hidden_from"`
	SourceRef    string         `json:"source_ref"`
	// workflow: the submitter asked for a reply (a general submission's deadline).
	ReplyRequested bool `json:"reply_requested"`
}

func (in *caseCreateJSON) input() cases.CaseInput {
	ci := cases.CaseInput{Source: in.Source, ReceivedAt: in.ReceivedAt, DueDate: in.DueDate,
		SubmitterID: in.SubmitterID, Subject: in.Subject, Description: in.Description,
		DepartmentID: in.DepartmentID, CaseTypeID: in.CaseTypeID, Priority: in.Priority,
		AssignedTo: in.AssignedTo, HandledBy: in.HandledBy, KeepInformed: in.KeepInformed,
		Language: in.Language, Restricted: in.Restricted, HiddenFrom: in.HiddenFrom,
		SourceRef: in.SourceRef, ReplyRequested: in.ReplyRequested}
	if in.Submitter != nil {
		ci.NewSubmitter = in.Submitter.contact(0)
	}
	return ci
}

// casePatchJSON is the body of PATCH /api/v1/cases/{number}: the fields to
// change and the version the client loaded. null clears a reference.
type casePatchJSON struct {
	Version      *int                `json:"version"`
	Source       opt[cases.Source]   `json:"source"`
	ReceivedAt   opt[time.Time]      `json:"received_at"`
	DueDate      opt[workdays.Date]  `json:"due_date"`
	SubmitterID  opt[int64]          `json:"submitter_id"`
	Subject      opt[string]         `json:"subject"`
	Description  opt[string]         `json:"description"`
	DepartmentID opt[int64]          `json:"department_id"`
	CaseTypeID   opt[int64]          `json:"case_type_id"`
	State        opt[cases.State]    `json:"state"`
	Outcome      opt[string]         `json:"outcome"`
	Priority     opt[cases.Priority] `json:"priority"`
	AssignedTo   opt[int64]          `json:"assigned_to"`
	HandledBy    opt[int64]          `json:"handled_by"`
	ResponseSent opt[bool]           `json:"response_sent"`
	Response     opt[string]         `json:"response"`
	KeepInformed opt[bool]           `json:"keep_informed"`
	Language     opt[string]         `json:"language"`
	Restricted   opt[bool]           `json:"restricted"`
	HiddenFrom   opt[[]int64]        `json:"hidden_from"`
}

func (p *casePatchJSON) patch() cases.CasePatch {
	return cases.CasePatch{Source: p.Source.ptr(), ReceivedAt: p.ReceivedAt.ptr(),
		DueDate: p.DueDate.ptr(), SubmitterID: p.SubmitterID.ptr(), Subject: p.Subject.ptr(),
		Description: p.Description.ptr(), DepartmentID: p.DepartmentID.ptr(),
		CaseTypeID: p.CaseTypeID.ptr(), State: p.State.ptr(), Outcome: p.Outcome.ptr(),
		Priority: p.Priority.ptr(), AssignedTo: p.AssignedTo.ptr(), HandledBy: p.HandledBy.ptr(),
		ResponseSent: p.ResponseSent.ptr(), Response: p.Response.ptr(),
		KeepInformed: p.KeepInformed.ptr(), Language: p.Language.ptr(),
		Restricted: p.Restricted.ptr(), HiddenFrom: p.HiddenFrom.ptr()}
}

// historyJSON is one history row; user_id is null for Linka itself.
type historyJSON struct {
	ID     int64   `json:"id"`
	At     apiTime `json:"at"`
	UserID *int64  `json:"user_id"`
	Field  string  `json:"field"`
	Old    string  `json:"old"`
	New    string  `json:"new"`
	Public bool    `json:"public"`
}

func toHistoryJSON(h *cases.HistoryEntry) historyJSON {
	return historyJSON{ID: h.ID, At: apiTime(h.At), UserID: ref(h.UserID), Field: h.Field,
		Old: h.Old, New: h.New, Public: h.Public}
}

// activityJSON is a handling step of a case.
type activityJSON struct {
	ID          int64   `json:"id"`
	At          apiTime `json:"at"`
	TakenBy     *int64  `json:"taken_by"`
	Description string  `json:"description"`
	HandedTo    *int64  `json:"handed_to"`
	Done        bool    `json:"done"`
	CreatedBy   *int64  `json:"created_by"`
}

func toActivityJSON(a *cases.Activity) activityJSON {
	return activityJSON{ID: a.ID, At: apiTime(a.At), TakenBy: ref(a.TakenBy), Description: a.Description,
		HandedTo: ref(a.HandedTo), Done: a.Done, CreatedBy: ref(a.CreatedBy)}
}

// activityCreateJSON is the body of POST …/activities; at defaults to now
// and taken_by to the caller.
type activityCreateJSON struct {
	At          time.Time `json:"at"`
	TakenBy     int64     `json:"taken_by"`
	Description string    `json:"description"`
	HandedTo    int64     `json:"handed_to"`
	Done        bool      `json:"done"`
}

// attachmentJSON describes a file attached to a case.
type attachmentJSON struct {
	ID          int64   `json:"id"`
	Name        string  `json:"name"`
	ContentType string  `json:"content_type"`
	Size        int64   `json:"size"`
	CreatedAt   apiTime `json:"created_at"`
	CreatedBy   *int64  `json:"created_by"`
	URL         string  `json:"url"`
}

func toAttachmentJSON(number string, a *cases.Attachment) attachmentJSON {
	return attachmentJSON{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size,
		CreatedAt: apiTime(a.CreatedAt), CreatedBy: ref(a.CreatedBy), URL: attachmentURL(number, a.ID)}
}

// caseURL returns the API address of a case.
func caseURL(number string) string { return "/api/v1/cases/" + url.PathEscape(number) }

// attachmentURL returns the download address of an attachment.
func attachmentURL(number string, id int64) string {
	return caseURL(number) + "/attachments/" + itoa(id)
}
