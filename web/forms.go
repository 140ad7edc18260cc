package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// option is one choice of a select or a group of checkboxes.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// formField is one labelled input of a form, with the error the service
// reported for it. The "field" template renders every kind the same
// accessible way: a label, the control, the error tied to it.
type formField struct {
	Form     string // id prefix, unique per form on a page
	Name     string // the form name, equal to the field name errors use
	Label    string
	Kind     string // an input type, or "select", "textarea", "checkbox"
	Value    string
	Checked  bool
	Options  []option
	Error    string
	Required bool
	Wide     bool   // spans the whole width of the form
	Auto     string // autocomplete token
}

// ID returns the element id of the control.
func (f formField) ID() string { return f.Form + "-" + f.Name }

// formErrors maps field names to messages; "" holds a form-wide message.
type formErrors map[string]string

// add records err, in the language of r, against the field it names or
// against the whole form.
func (e formErrors) add(r *http.Request, err error) {
	e[cases.ErrorField(err)] = localize(r, err)
}

// optionsOf builds options from values, marking those in selected.
func optionsOf[T any](items []T, value func(*T) string, label func(*T) string, selected ...string) []option {
	out := make([]option, 0, len(items))
	for i := range items {
		v := value(&items[i])
		out = append(out, option{Value: v, Label: label(&items[i]), Selected: slices.Contains(selected, v)})
	}
	return out
}

// withNone puts an empty choice labelled none before opts.
func withNone(none string, opts []option) []option {
	sel := true
	for _, o := range opts {
		sel = sel && !o.Selected
	}
	return append([]option{{Value: "", Label: none, Selected: sel}}, opts...)
}

// lookups are the lists forms choose from and the names pages show.
type lookups struct {
	users       []cases.User
	departments []cases.Department
	caseTypes   []cases.CaseType
}

// loadLookups loads the users, departments and case types for a page.
func (s *Server) loadLookups(r *http.Request) (*lookups, error) {
	var l lookups
	var err error
	if l.users, err = s.svc.Users(r.Context(), userOf(r)); err != nil {
		return nil, err
	}
	if l.departments, err = s.svc.Departments(r.Context()); err != nil {
		return nil, err
	}
	if l.caseTypes, err = s.svc.CaseTypes(r.Context()); err != nil {
		return nil, err
	}
	return &l, nil
}

func (l *lookups) userName(id int64) string {
	for _, u := range l.users {
		if u.ID == id {
			return u.Name
		}
	}
	if id == 0 {
		return ""
	}
	return "#" + itoa(id)
}

// userOptions lists the active users (and the selected one even if
// inactive, so a form never silently changes it).
func (l *lookups) userOptions(none, selected string) []option {
	var users []cases.User
	for _, u := range l.users {
		if u.Active || itoa(u.ID) == selected {
			users = append(users, u)
		}
	}
	return withNone(none, optionsOf(users, func(u *cases.User) string { return itoa(u.ID) },
		func(u *cases.User) string { return u.Name }, selected))
}

func (l *lookups) departmentOptions(none string, selected ...string) []option {
	var deps []cases.Department
	for _, d := range l.departments {
		if d.Active || slices.Contains(selected, itoa(d.ID)) {
			deps = append(deps, d)
		}
	}
	return withNone(none, optionsOf(deps, func(d *cases.Department) string { return itoa(d.ID) },
		func(d *cases.Department) string { return d.Name }, selected...))
}

func (l *lookups) caseTypeOptions(none, selected string) []option {
	var types []cases.CaseType
	for _, t := range l.caseTypes {
		if t.Active || itoa(t.ID) == selected {
			types = append(types, t)
		}
	}
	return withNone(none, optionsOf(types, func(t *cases.CaseType) string { return itoa(t.ID) },
		func(t *cases.CaseType) string { return t.Name }, selected))
}

// enumOptions lists the values of an enumeration with their catalogue
// labels (prefix + value).
func enumOptions[T ~string](p basePage, prefix string, values []T, selected ...string) []option {
	return optionsOf(values, func(v *T) string { return string(*v) },
		func(v *T) string { return p.T(prefix + string(*v)) }, selected...)
}

// formID parses an id field of a form; "" is 0 (none).
func formID(v, field string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, cases.Invalid(field, "%q is not a valid choice", v)
	}
	return n, nil
}

// formDate parses a date field ("2017-04-25" from a date input, or Czech).
func formDate(v, field string) (workdays.Date, error) {
	if strings.TrimSpace(v) == "" {
		return workdays.Date{}, nil
	}
	d, err := workdays.ParseDate(v)
	if err != nil {
		return workdays.Date{}, cases.Invalid(field, "%q is not a date", v)
	}
	return d, nil
}

// formDateTime parses a datetime-local field, a time in Prague.
func formDateTime(v, field string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "02.01.2006 15:04"} {
		if t, err := time.ParseInLocation(layout, v, workdays.Prague()); err == nil {
			return t, nil
		}
	}
	return time.Time{}, cases.Invalid(field, "%q is not a date and time", v)
}

// inputDateTime formats t for a datetime-local input, in Prague.
func inputDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workdays.Prague()).Format("2006-01-02T15:04")
}

// idValue formats an id for a form; 0 is "".
func idValue(id int64) string {
	if id == 0 {
		return ""
	}
	return itoa(id)
}
