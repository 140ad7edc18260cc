package web

import (
	"net/http"
	"time"

	"linka/cases"
	"linka/internal/workdays"
)

// notificationJSON is a notification in the JSON API.
type notificationJSON struct {
	ID            int64                   `json:"id"`
	Case          string                  `json:"case,omitempty"` // evidence number
	Kind          cases.NotificationKind  `json:"kind"`
	Lang          string                  `json:"lang"`
	To            string                  `json:"to"`
	State         cases.NotificationState `json:"state"`
	Attempts      int                     `json:"attempts"`
	NextAttemptAt *time.Time              `json:"next_attempt_at,omitempty"`
	LastError     string                  `json:"last_error,omitempty"`
	CreatedAt     time.Time               `json:"created_at"`
	SentAt        *time.Time              `json:"sent_at,omitempty"`
}

func toNotificationJSON(n *cases.Notification) notificationJSON {
	j := notificationJSON{ID: n.ID, Case: n.CaseNumber, Kind: n.Kind, Lang: n.Lang, To: n.To, State: n.State,
		Attempts: n.Attempts, LastError: n.LastError, CreatedAt: pragueTime(n.CreatedAt)}
	if n.State == cases.NotificationPending {
		t := pragueTime(n.NextAttemptAt)
		j.NextAttemptAt = &t
	}
	if !n.SentAt.IsZero() {
		t := pragueTime(n.SentAt)
		j.SentAt = &t
	}
	return j
}

// pragueTime shows t with the Prague offset, as the API's times are.
func pragueTime(t time.Time) time.Time { return t.In(workdays.Prague()) }

// apiNotifications serves GET /api/v1/notifications?state=&case_id=&limit=&offset=.
func (s *Server) apiNotifications(w http.ResponseWriter, r *http.Request) {
	f, err := notificationFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ns, total, err := s.svc.Notifications(r.Context(), userOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := s.svc.NotificationCounts(r.Context(), userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []notificationJSON{}
	for i := range ns {
		out = append(out, toNotificationJSON(&ns[i]))
	}
	writeJSON(w, http.StatusOK, map[string]any{"notifications": out, "total": total, "counts": counts})
}

// apiRetryNotification serves POST /api/v1/notifications/{id}/retry: a
// failed notification is queued again (204).
func (s *Server) apiRetryNotification(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id", "notification")
	if err == nil {
		err = s.svc.RetryNotification(r.Context(), userOf(r), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// templateJSON is a notification template in the JSON API.
type templateJSON struct {
	Kind    cases.NotificationKind `json:"kind"`
	Lang    string                 `json:"lang"`
	Subject string                 `json:"subject"`
	Text    string                 `json:"text"`
	HTML    string                 `json:"html"`
	Custom  bool                   `json:"custom"`
}

func toTemplateJSON(t cases.NotificationTemplate) templateJSON {
	return templateJSON{Kind: t.Kind, Lang: t.Lang, Subject: t.Subject, Text: t.Text, HTML: t.HTML, Custom: t.Custom}
}

// apiNotificationTemplates serves GET /api/v1/notification-templates.
func (s *Server) apiNotificationTemplates(w http.ResponseWriter, r *http.Request) {
	ts, err := s.svc.NotificationTemplates(r.Context(), userOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := []templateJSON{}
	for _, t := range ts {
		out = append(out, toTemplateJSON(t))
	}
	writeJSON(w, http.StatusOK, map[string]any{"templates": out})
}

// apiNotificationTemplate serves GET /api/v1/notification-templates/{kind}/{lang}.
func (s *Server) apiNotificationTemplate(w http.ResponseWriter, r *http.Request) {
	t, err := s.svc.NotificationTemplate(r.Context(), userOf(r), cases.NotificationKind(r.PathValue("kind")), r.PathValue("lang"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toTemplateJSON(t))
}

// templateInputJSON is what PUT and preview take.
type templateInputJSON struct {
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

func (s *Server) templateInput(r *http.Request) (cases.NotificationTemplate, error) {
	var in templateInputJSON
	if err := decodeJSON(r, &in); err != nil {
		return cases.NotificationTemplate{}, err
	}
	return cases.NotificationTemplate{Kind: cases.NotificationKind(r.PathValue("kind")), Lang: r.PathValue("lang"),
		Subject: in.Subject, Text: in.Text, HTML: in.HTML}, nil
}

// apiSaveNotificationTemplate serves PUT /api/v1/notification-templates/{kind}/{lang}.
func (s *Server) apiSaveNotificationTemplate(w http.ResponseWriter, r *http.Request) {
	t, err := s.templateInput(r)
	if err == nil {
		err = s.svc.SaveNotificationTemplate(r.Context(), userOf(r), t)
	}
	if err == nil {
		t, err = s.svc.NotificationTemplate(r.Context(), userOf(r), t.Kind, t.Lang)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toTemplateJSON(t))
}

// apiResetNotificationTemplate serves DELETE /api/v1/notification-templates/{kind}/{lang}:
// the default applies again (204).
func (s *Server) apiResetNotificationTemplate(w http.ResponseWriter, r *http.Request) {
	err := s.svc.ResetNotificationTemplate(r.Context(), userOf(r), cases.NotificationKind(r.PathValue("kind")), r.PathValue("lang"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// apiPreviewNotificationTemplate serves POST …/{kind}/{lang}/preview: the
// template in the body rendered with sample data, not saved.
func (s *Server) apiPreviewNotificationTemplate(w http.ResponseWriter, r *http.Request) {
	t, err := s.templateInput(r)
	var m cases.RenderedMail
	if err == nil {
		m, err = s.svc.PreviewNotificationTemplate(r.Context(), userOf(r), t)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"subject": m.Subject, "text": m.Text, "html": m.HTML})
}
