package web

import (
	"net/url"
	"strings"

	"linka/cases"
)

// A case form keeps its state as url.Values: built from a case to show
// it, taken from the posted form to show it again after an error, so the
// user never loses what they typed.

// caseValues returns the form values of c.
func caseValues(c *cases.Case) url.Values {
	v := url.Values{}
	v.Set("source", string(c.Source))
	v.Set("received_at", inputDateTime(c.ReceivedAt))
	v.Set("due_date", c.DueDate.String())
	v.Set("submitter_id", idValue(c.SubmitterID))
	v.Set("subject", c.Subject)
	v.Set("description", c.Description)
	v.Set("department_id", idValue(c.DepartmentID))
	v.Set("case_type_id", idValue(c.CaseTypeID))
	v.Set("state", string(c.State))
	v.Set("outcome", c.Outcome)
	v.Set("priority", string(c.Priority))
	v.Set("assigned_to", idValue(c.AssignedTo))
	v.Set("handled_by", idValue(c.HandledBy))
	v.Set("response", c.Response)
	v.Set("version", itoa(int64(c.Version)))
	setBool(v, "response_sent", c.ResponseSent)
	setBool(v, "keep_informed", c.KeepInformed)
	return v
}

func setBool(v url.Values, name string, b bool) {
	if b {
		v.Set(name, "true")
	}
}

// casePatch reads an edit form. The form holds every field it shows, so
// each becomes part of the patch; the service records only real changes.
func casePatch(v url.Values) (cases.CasePatch, error) {
	var p cases.CasePatch
	ids := map[string]**int64{"submitter_id": &p.SubmitterID, "department_id": &p.DepartmentID,
		"case_type_id": &p.CaseTypeID, "assigned_to": &p.AssignedTo, "handled_by": &p.HandledBy}
	for _, name := range []string{"submitter_id", "department_id", "case_type_id", "assigned_to", "handled_by"} {
		n, err := formID(v.Get(name), name)
		if err != nil {
			return p, err
		}
		*ids[name] = &n
	}
	received, err := formDateTime(v.Get("received_at"), "received_at")
	if err != nil {
		return p, err
	}
	due, err := formDate(v.Get("due_date"), "due_date")
	if err != nil {
		return p, err
	}
	src, state, prio := cases.Source(v.Get("source")), cases.State(v.Get("state")), cases.Priority(v.Get("priority"))
	subject, desc, outcome, resp := v.Get("subject"), v.Get("description"), v.Get("outcome"), v.Get("response")
	sent, keep := v.Get("response_sent") == "true", v.Get("keep_informed") == "true"
	p.ReceivedAt, p.DueDate, p.Source, p.State, p.Priority = &received, &due, &src, &state, &prio
	p.Subject, p.Description, p.Outcome, p.Response = &subject, &desc, &outcome, &resp
	p.ResponseSent, p.KeepInformed = &sent, &keep
	return p, nil
}

// caseInput reads the new-case form. A new submitter is created from the
// name and contact fields when no existing contact is chosen.
func caseInput(v url.Values) (cases.CaseInput, error) {
	in := cases.CaseInput{Source: cases.Source(v.Get("source")), Subject: v.Get("subject"),
		Description: v.Get("description"), Priority: cases.Priority(v.Get("priority")),
		KeepInformed: v.Get("keep_informed") == "true"}
	var err error
	for _, f := range []struct {
		name string
		dst  *int64
	}{{"submitter_id", &in.SubmitterID}, {"department_id", &in.DepartmentID},
		{"case_type_id", &in.CaseTypeID}, {"assigned_to", &in.AssignedTo}} {
		if *f.dst, err = formID(v.Get(f.name), f.name); err != nil {
			return in, err
		}
	}
	if in.ReceivedAt, err = formDateTime(v.Get("received_at"), "received_at"); err != nil {
		return in, err
	}
	if in.DueDate, err = formDate(v.Get("due_date"), "due_date"); err != nil {
		return in, err
	}
	sub := &cases.Contact{FirstName: v.Get("first_name"), LastName: v.Get("last_name"),
		Phone: v.Get("phone"), Email: v.Get("email")}
	if strings.TrimSpace(sub.FirstName+sub.LastName+sub.Phone+sub.Email) != "" {
		in.NewSubmitter = sub
	}
	return in, nil
}

// caseFields are the fields of the edit form (the seed's "Podnět" screen)
// and, without state, outcome and response, of the new-case form.
func caseFields(p basePage, l *lookups, v url.Values, edit bool) []formField {
	f := func(name, kind string) formField {
		return formField{Form: "case", Name: name, Label: p.T("field." + name), Kind: kind, Value: v.Get(name)}
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
	fields := []formField{f("received_at", "datetime-local"), f("submitter_id", "number"),
		sel("source", enumOptions(p, "source.", cases.Sources, v.Get("source")))}
	if edit {
		fields = append(fields, sel("state", enumOptions(p, "state.", cases.States, v.Get("state"))))
	}
	fields = append(fields, f("due_date", "date"),
		sel("handled_by", l.userOptions(p.T("none"), v.Get("handled_by"))),
		sel("assigned_to", l.userOptions(p.T("none"), v.Get("assigned_to"))),
		sel("department_id", l.departmentOptions(p.T("none"), v.Get("department_id"))),
		sel("case_type_id", l.caseTypeOptions(p.T("none"), v.Get("case_type_id"))),
		sel("priority", enumOptions(p, "priority.", []cases.Priority{cases.PriorityNormal, cases.PriorityHigh}, v.Get("priority"))))
	subject, desc := f("subject", "text"), f("description", "textarea")
	subject.Required, subject.Wide, desc.Wide = true, true, true
	fields = append(fields, subject, desc)
	if edit {
		outcome, resp := f("outcome", "text"), f("response", "textarea")
		outcome.Wide, resp.Wide = true, true
		fields = append(fields, outcome, resp, check("response_sent"))
	}
	return append(fields, check("keep_informed"))
}

// attachErrors puts each error next to the field it names and returns the
// rest (errors of fields the form does not show) as one message.
func attachErrors(errs formErrors, forms ...[]formField) string {
	var rest []string
	for name, msg := range errs {
		found := false
		for _, fields := range forms {
			for i := range fields {
				if fields[i].Name == name {
					fields[i].Error, found = msg, true
				}
			}
		}
		if !found {
			rest = append(rest, msg)
		}
	}
	return strings.Join(rest, " ")
}
