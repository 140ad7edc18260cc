-- Control and reporting (cases/report): scheduled e-mail reports, alert
-- rules and the occurrences they already notified, and what callers did in
-- the voice gateway (written by a bus subscriber, read by the queue
-- statistics). The monthly report reads state changes from case_history by
-- time, which the index below serves.

-- A scheduled report: kind is a report.Kind (tasks, overdue, monthly,
-- queue, foi), schedule a five-field cron expression in Europe/Prague,
-- recipients comma-separated e-mail addresses, params the filters as JSON
-- (report.Params).
CREATE TABLE report_schedules (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  schedule TEXT NOT NULL,
  recipients TEXT NOT NULL,
  params TEXT NOT NULL,
  language TEXT NOT NULL,
  active {{bool}} NOT NULL,
  -- When the scheduler runs it next; NULL while inactive.
  next_run_at {{time}},
  last_run_at {{time}},
  last_error TEXT NOT NULL,
  created_at {{time}} NOT NULL,
  updated_at {{time}} NOT NULL
);
CREATE INDEX report_schedules_next ON report_schedules (next_run_at);

-- An alert rule: kind is a report.AlertKind, threshold its number (working
-- days, days, minutes or per cent), target_seconds the service-level
-- answer time, notify "responsible", "supervisors" or e-mail addresses.
CREATE TABLE alert_rules (
  id {{id}},
  name TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  threshold INTEGER NOT NULL,
  target_seconds INTEGER NOT NULL,
  notify TEXT NOT NULL,
  active {{bool}} NOT NULL,
  created_at {{time}} NOT NULL,
  updated_at {{time}} NOT NULL
);

-- The occurrences an alert rule already notified: one row per rule and
-- occurrence key ("case:42", "sl:2026-03-10T09"), so each is sent once.
CREATE TABLE alert_occurrences (
  rule_id BIGINT NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  fired_at {{time}} NOT NULL,
  PRIMARY KEY (rule_id, occurrence)
);

-- Calls as the voice gateway saw them (bus events ivr.*): the last event
-- wins; outcome is entered, chose, objected, transferred or abandoned.
CREATE TABLE gateway_calls (
  call_id TEXT PRIMARY KEY,
  caller TEXT NOT NULL,
  sip_call_id TEXT NOT NULL,
  node TEXT NOT NULL,
  outcome TEXT NOT NULL,
  entered_at {{time}} NOT NULL,
  ended_at {{time}}
);
CREATE INDEX gateway_calls_entered ON gateway_calls (entered_at);

CREATE INDEX case_history_field_at ON case_history (field, at, case_id, old_value, new_value);

-- What each call of a past day contributes to the queue statistics
-- (report.Fact), so that a month of statistics is summed by the database:
-- the group ('' for a gateway abandon), when it reached the group (also
-- as Unix seconds, for the interval arithmetic, and as the Prague day),
-- how it ended and its times in milliseconds. Rebuilt per day when the
-- day's calls change (queue_fact_days keeps the counts it was built from).
CREATE TABLE queue_facts (
  call_id TEXT NOT NULL,
  grp TEXT NOT NULL,
  entered_at {{time}} NOT NULL,
  entered_epoch BIGINT NOT NULL,
  -- The start of its quarter hour (Unix seconds): the statistics group by
  -- it in the order of the index below (no sort), then merge quarters.
  bucket15 BIGINT NOT NULL,
  day {{date}} NOT NULL,
  kind TEXT NOT NULL,
  wait_ms BIGINT NOT NULL,
  talk_ms BIGINT NOT NULL,
  hold_ms BIGINT NOT NULL,
  acw_ms BIGINT NOT NULL,
  transferred INTEGER NOT NULL,
  repeated INTEGER NOT NULL,
  PRIMARY KEY (call_id, grp)
);
CREATE INDEX queue_facts_bucket ON queue_facts (bucket15, grp, kind, wait_ms, talk_ms, hold_ms, acw_ms,
  transferred, repeated, entered_epoch);
CREATE INDEX queue_facts_day ON queue_facts (day);

CREATE TABLE queue_fact_days (
  day {{date}} PRIMARY KEY,
  calls BIGINT NOT NULL,
  gateway_calls BIGINT NOT NULL,
  wrapups BIGINT NOT NULL,
  -- The ICD groups the facts were classified with, sorted, comma-separated.
  groups TEXT NOT NULL,
  built_at {{time}} NOT NULL
);

-- The monthly report's counts of past days (report.CaseCount and
-- report.ChangeCount per Prague day), summed for a month by the database;
-- rebuilt when the day's numbers of received cases or state changes
-- differ from those case_count_days recorded.
CREATE TABLE case_counts (
  day {{date}} NOT NULL,
  kind TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  source TEXT NOT NULL,
  department_id BIGINT NOT NULL,
  case_type_id BIGINT NOT NULL,
  n BIGINT NOT NULL,
  handling_s BIGINT NOT NULL,
  with_due BIGINT NOT NULL,
  on_time BIGINT NOT NULL
);
CREATE INDEX case_counts_day ON case_counts (day);

CREATE TABLE case_count_days (
  day {{date}} PRIMARY KEY,
  received BIGINT NOT NULL,
  changes BIGINT NOT NULL,
  built_at {{time}} NOT NULL
);
