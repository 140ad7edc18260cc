package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"linka/cases"
	"linka/cases/report"
)

// reportsAdminPage lists the scheduled reports and the alert rules.
type reportsAdminPage struct {
	basePage
	Notice    string
	Schedules []scheduleRow
	Alerts    []alertRow
}

type scheduleRow struct {
	Name, Kind, Cron, Recipients, LastRun, NextRun, LastError string
	Active                                                    bool
	URL                                                       string
}

type alertRow struct {
	Name, Kind, Notify string
	Threshold          int
	Active             bool
	URL                string
}

// reportsAdminPage serves GET /reports.
func (s *Server) reportsAdminPage(w http.ResponseWriter, r *http.Request) {
	p := reportsAdminPage{basePage: s.newBase(r, "report.admin.title", "statistics")}
	if n := r.URL.Query().Get("done"); n == "sent" || n == "saved" || n == "deleted" {
		p.Notice = p.T("report." + n)
	}
	st := s.reports.Store()
	scs, err := st.ReportSchedules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, sc := range scs {
		p.Schedules = append(p.Schedules, scheduleRow{Name: sc.Name, Kind: p.T("report.kind." + string(sc.Kind)),
			Cron: sc.Cron, Recipients: strings.Join(sc.Recipients, ", "), LastRun: czechDateTime(sc.LastRunAt),
			NextRun: czechDateTime(sc.NextRunAt), LastError: sc.LastError, Active: sc.Active,
			URL: "/reports/schedules/" + url.PathEscape(sc.Name)})
	}
	rules, err := st.AlertRules(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range rules {
		p.Alerts = append(p.Alerts, alertRow{Name: a.Name, Kind: p.T("report.alert." + string(a.Kind)), Notify: a.Notify,
			Threshold: a.Threshold, Active: a.Active, URL: "/reports/alerts/" + strconv.FormatInt(a.ID, 10)})
	}
	s.render(w, r, http.StatusOK, "report_admin", p)
}

// scheduleFormPage edits a scheduled report.
type scheduleFormPage struct {
	basePage
	Action                                   string
	Name, Cron, Recipients, User, Department string
	Interval                                 string
	Active                                   bool
	Kinds, Languages                         []option
	Errors                                   formErrors
	Existing                                 bool
	PreviewURL, SendURL, DeleteURL           string
}

// scheduleForm serves GET /reports/schedules/new and /{name}.
func (s *Server) scheduleForm(w http.ResponseWriter, r *http.Request) {
	sc := report.Schedule{Kind: report.KindTasks, Cron: "0 6 * * 1-5", Language: "cs", Active: true}
	if name := r.PathValue("name"); name != "" {
		var err error
		if sc, err = s.reports.Store().ReportSchedule(r.Context(), name); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.renderScheduleForm(w, r, http.StatusOK, sc, nil)
}

func (s *Server) renderScheduleForm(w http.ResponseWriter, r *http.Request, status int, sc report.Schedule, err error) {
	p := scheduleFormPage{basePage: s.newBase(r, "report.new_schedule", "statistics"), Action: "/reports/schedules/new",
		Name: sc.Name, Cron: sc.Cron, Recipients: strings.Join(sc.Recipients, ", "), User: sc.Params.User,
		Department: sc.Params.Department, Active: sc.Active, Errors: formErrors{}, Existing: sc.ID != 0}
	if sc.Params.IntervalMinutes != 0 {
		p.Interval = strconv.Itoa(sc.Params.IntervalMinutes)
	}
	if p.Existing {
		base := "/reports/schedules/" + url.PathEscape(sc.Name)
		p.Title, p.Action = sc.Name, base
		p.PreviewURL, p.SendURL, p.DeleteURL = base+"/preview", base+"/send", base+"/delete"
	}
	p.Kinds = enumOptions(p.basePage, "report.kind.", report.Kinds, string(sc.Kind))
	p.Languages = []option{{Value: "cs", Label: "Čeština", Selected: sc.Language != "en"}, {Value: "en", Label: "English", Selected: sc.Language == "en"}}
	if err != nil {
		p.Errors.add(r, err)
	}
	s.render(w, r, status, "report_schedule", p)
}

// saveSchedule serves POST /reports/schedules/new and /{name}.
func (s *Server) saveSchedule(w http.ResponseWriter, r *http.Request) {
	var sc report.Schedule
	if name := r.PathValue("name"); name != "" {
		var err error
		if sc, err = s.reports.Store().ReportSchedule(r.Context(), name); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	sc.Name, sc.Kind, sc.Cron = r.PostFormValue("name"), report.Kind(r.PostFormValue("kind")), r.PostFormValue("schedule")
	sc.Recipients = report.SplitAddresses(r.PostFormValue("recipients"))
	sc.Language, sc.Active = r.PostFormValue("language"), r.PostFormValue("active") == "on"
	sc.Params = report.Params{User: strings.TrimSpace(r.PostFormValue("user")), Department: strings.TrimSpace(r.PostFormValue("department"))}
	var err error
	if v := strings.TrimSpace(r.PostFormValue("interval_minutes")); v != "" {
		if sc.Params.IntervalMinutes, err = strconv.Atoi(v); err != nil {
			err = cases.Invalid("interval_minutes", "the interval is 15, 30 or 60 minutes")
		}
	}
	if err == nil {
		err = s.checkScheduleParams(r, sc.Params)
	}
	if err == nil {
		err = s.reports.SaveSchedule(r.Context(), &sc)
	}
	if err != nil {
		s.logWarn(r, "report schedule not saved", "name", sc.Name, "error", err)
		s.renderScheduleForm(w, r, http.StatusUnprocessableEntity, sc, err)
		return
	}
	http.Redirect(w, r, "/reports?done=saved", http.StatusSeeOther)
}

// checkScheduleParams checks that the official and department exist.
func (s *Server) checkScheduleParams(r *http.Request, p report.Params) error {
	if p.User != "" {
		if _, err := s.svc.UserByLogin(r.Context(), p.User); err != nil {
			return cases.Invalid("user", "no user has the login %q", p.User)
		}
	}
	if p.Department != "" {
		deps, err := s.svc.Departments(r.Context())
		if err != nil {
			return err
		}
		for _, d := range deps {
			if strings.EqualFold(d.Code, p.Department) {
				return nil
			}
		}
		return cases.Invalid("department", "no department has the code %q", p.Department)
	}
	return nil
}

// previewSchedule serves GET /reports/schedules/{name}/preview: the
// report as it would be sent now.
func (s *Server) previewSchedule(w http.ResponseWriter, r *http.Request) {
	sc, err := s.reports.Store().ReportSchedule(r.Context(), r.PathValue("name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := s.reports.Build(r.Context(), sc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.newReportPage(r, "report.preview.title", b.Doc)
	p.Title = p.T("report.preview.title") + ": " + sc.Name
	p.MailText, p.MailAttachment, p.PreviewSchedule = b.Mail.Text, len(b.Mail.Attachments) > 0, sc.Name
	p.Intro = append([]string{b.Mail.Subject}, p.Intro...)
	s.render(w, r, http.StatusOK, "report_doc", p)
}

// sendSchedule serves POST /reports/schedules/{name}/send ("send now").
func (s *Server) sendSchedule(w http.ResponseWriter, r *http.Request) {
	if err := s.reports.SendNamed(r.Context(), r.PathValue("name")); err != nil {
		s.logWarn(r, "report not sent", "name", r.PathValue("name"), "error", err)
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports?done=sent", http.StatusSeeOther)
}

// deleteSchedule serves POST /reports/schedules/{name}/delete.
func (s *Server) deleteSchedule(w http.ResponseWriter, r *http.Request) {
	sc, err := s.reports.Store().ReportSchedule(r.Context(), r.PathValue("name"))
	if err == nil {
		err = s.reports.Store().DeleteReportSchedule(r.Context(), sc.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports?done=deleted", http.StatusSeeOther)
}

// alertFormPage edits an alert rule.
type alertFormPage struct {
	basePage
	Action, DeleteURL string
	Name, Notify      string
	Threshold, Target string
	Active            bool
	Kinds             []option
	Errors            formErrors
}

// alertForm serves GET /reports/alerts/new and /{id}.
func (s *Server) alertForm(w http.ResponseWriter, r *http.Request) {
	rule := report.AlertRule{Kind: report.AlertUntriaged, Threshold: 2, TargetSeconds: 20, Notify: report.NotifyResponsible, Active: true}
	if id := r.PathValue("id"); id != "" {
		var err error
		if rule, err = s.alertRule(r, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.renderAlertForm(w, r, http.StatusOK, rule, nil)
}

func (s *Server) alertRule(r *http.Request, id string) (report.AlertRule, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	rules, lerr := s.reports.Store().AlertRules(r.Context())
	if lerr != nil {
		return report.AlertRule{}, lerr
	}
	for _, x := range rules {
		if err == nil && x.ID == n {
			return x, nil
		}
	}
	return report.AlertRule{}, cases.Errorf(cases.ENotFound, "alert rule %s not found", id)
}

func (s *Server) renderAlertForm(w http.ResponseWriter, r *http.Request, status int, a report.AlertRule, err error) {
	p := alertFormPage{basePage: s.newBase(r, "report.new_alert", "statistics"), Action: "/reports/alerts/new",
		Name: a.Name, Notify: a.Notify, Threshold: strconv.Itoa(a.Threshold), Target: strconv.Itoa(a.TargetSeconds),
		Active: a.Active, Errors: formErrors{}}
	if a.ID != 0 {
		base := "/reports/alerts/" + strconv.FormatInt(a.ID, 10)
		p.Title, p.Action, p.DeleteURL = a.Name, base, base+"/delete"
	}
	p.Kinds = enumOptions(p.basePage, "report.alert.", report.AlertKinds, string(a.Kind))
	if err != nil {
		p.Errors.add(r, err)
	}
	s.render(w, r, status, "report_alert", p)
}

// saveAlert serves POST /reports/alerts/new and /{id}.
func (s *Server) saveAlert(w http.ResponseWriter, r *http.Request) {
	var a report.AlertRule
	if id := r.PathValue("id"); id != "" {
		var err error
		if a, err = s.alertRule(r, id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	a.Name, a.Kind, a.Notify = r.PostFormValue("name"), report.AlertKind(r.PostFormValue("kind")), r.PostFormValue("notify")
	a.Active = r.PostFormValue("active") == "on"
	var err error
	if a.Threshold, err = strconv.Atoi(strings.TrimSpace(r.PostFormValue("threshold"))); err != nil {
		err = cases.Invalid("threshold", "%q is not a number", r.PostFormValue("threshold"))
	}
	if v := strings.TrimSpace(r.PostFormValue("target_seconds")); err == nil && v != "" {
		if a.TargetSeconds, err = strconv.Atoi(v); err != nil {
			err = cases.Invalid("target_seconds", "%q is not a number", v)
		}
	}
	if err == nil {
		err = s.reports.SaveRule(r.Context(), &a)
	}
	if err != nil {
		s.logWarn(r, "alert rule not saved", "name", a.Name, "error", err)
		s.renderAlertForm(w, r, http.StatusUnprocessableEntity, a, err)
		return
	}
	http.Redirect(w, r, "/reports?done=saved", http.StatusSeeOther)
}

// deleteAlert serves POST /reports/alerts/{id}/delete.
func (s *Server) deleteAlert(w http.ResponseWriter, r *http.Request) {
	a, err := s.alertRule(r, r.PathValue("id"))
	if err == nil {
		err = s.reports.Store().DeleteAlertRule(r.Context(), a.ID)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/reports?done=deleted", http.StatusSeeOther)
}

// reportInput is one text input of the report forms.
type reportInput struct{ Name, Label, Value, Kind, Error string }

// Input returns the input name labelled by the message label.
func (p scheduleFormPage) Input(name, label, value, kind string) reportInput {
	return reportInput{name, p.T(label), value, kind, p.Errors[name]}
}

// Input returns the input name labelled by the message label.
func (p alertFormPage) Input(name, label, value, kind string) reportInput {
	return reportInput{name, p.T(label), value, kind, p.Errors[name]}
}
