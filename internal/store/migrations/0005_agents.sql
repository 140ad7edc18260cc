-- The clerks' side of the calls, written by the agent panel and read by the
-- queue statistics and the wallboard: the office's lists of not-ready
-- reasons and wrap-up dispositions, every agent state change with its
-- reason, and the wrap-up of each call a clerk handled.

-- Not-ready reasons the office defines (the PBX knows none): "Přestávka",
-- "Porada", "Administrativa"…
CREATE TABLE agent_reasons (
  code TEXT PRIMARY KEY,
  name_cs TEXT NOT NULL,
  name_en TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  active {{bool}} NOT NULL DEFAULT TRUE
);

-- Wrap-up dispositions the office defines: information given, case opened,
-- linked to a case, transferred to a department, wrong number…
-- needs_case: the disposition names a case (case opened / linked).
CREATE TABLE dispositions (
  code TEXT PRIMARY KEY,
  name_cs TEXT NOT NULL,
  name_en TEXT NOT NULL,
  needs_case {{bool}} NOT NULL DEFAULT FALSE,
  position INTEGER NOT NULL DEFAULT 0,
  active {{bool}} NOT NULL DEFAULT TRUE
);

-- Every agent state change of an extension (cti.AgentState values:
-- logged_out, logged_in, ready, not_ready, working_after_call), whether made
-- in Linka or on the phone; reason is an agent_reasons code for not_ready
-- ('' when none was given). A state lasts until the next row of the same
-- extension.
CREATE TABLE agent_state_log (
  id {{id}},
  extension TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id),
  state TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  at {{time}} NOT NULL
);
CREATE INDEX agent_state_log_at ON agent_state_log (at);
CREATE INDEX agent_state_log_extension ON agent_state_log (extension, at);

-- The wrap-up of a call by a clerk: the disposition, the case it opened or
-- was linked to, and the after-call work (from the end of the call to the
-- wrap-up being saved or the timer running out).
CREATE TABLE call_wrapups (
  call_id TEXT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users (id),
  extension TEXT NOT NULL,
  disposition TEXT NOT NULL,
  case_id BIGINT REFERENCES cases (id) ON DELETE SET NULL,
  note TEXT NOT NULL DEFAULT '',
  acw_started_at {{time}},
  acw_ended_at {{time}},
  at {{time}} NOT NULL,
  PRIMARY KEY (call_id, user_id)
);
CREATE INDEX call_wrapups_at ON call_wrapups (at);

INSERT INTO agent_reasons (code, name_cs, name_en, position) VALUES
  ('break', 'Přestávka', 'Break', 1),
  ('meeting', 'Porada', 'Meeting', 2),
  ('admin', 'Administrativa', 'Paperwork', 3),
  ('training', 'Školení', 'Training', 4);

INSERT INTO dispositions (code, name_cs, name_en, needs_case, position) VALUES
  ('info', 'Poskytnuta informace', 'Information given', FALSE, 1),
  ('case_opened', 'Založen podnět', 'Case opened', TRUE, 2),
  ('case_linked', 'Připojeno k podnětu', 'Linked to a case', TRUE, 3),
  ('transferred', 'Přepojeno na odbor', 'Transferred to a department', FALSE, 4),
  ('callback', 'Domluveno zpětné volání', 'Callback arranged', FALSE, 5),
  ('wrong_number', 'Omyl / špatné číslo', 'Wrong number', FALSE, 6);
