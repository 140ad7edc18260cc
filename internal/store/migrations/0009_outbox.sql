-- The notification outbox: e-mails to citizens and staff, written in the
-- same transaction as the change that causes them and sent by the outbox
-- worker (cases.Outbox), which claims rows with a lease so that several
-- instances never send the same row at once.

CREATE TABLE notifications (
  id {{id}},
  -- The case the mail is about; NULL for reports and other mail.
  case_id BIGINT REFERENCES cases (id),
  -- received, accepted, handed_over, …, access_code, generic.
  kind TEXT NOT NULL,
  lang TEXT NOT NULL,
  recipient TEXT NOT NULL,
  -- The template data captured when queued (JSON of cases.NotificationData).
  data TEXT NOT NULL,
  -- pending, sent or failed.
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  -- When a pending row may be claimed: its first or next attempt, or the
  -- end of the lease of the worker sending it.
  next_attempt_at {{time}} NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at {{time}} NOT NULL,
  sent_at {{time}}
);
CREATE INDEX notifications_due ON notifications (state, next_attempt_at, id);
CREATE INDEX notifications_case ON notifications (case_id);
CREATE INDEX notifications_created ON notifications (created_at, id);

-- Templates admins changed; a kind and language without a row uses the
-- default shipped in the binary.
CREATE TABLE notification_templates (
  kind TEXT NOT NULL,
  lang TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  updated_at {{time}} NOT NULL,
  updated_by BIGINT REFERENCES users (id),
  PRIMARY KEY (kind, lang)
);
