-- Callbacks for calls that reached nobody (cti.CallbackStore): one task per
-- citizen to call back, the calls that asked for it and the attempts made.

CREATE TABLE callback_tasks (
  id {{id}},
  -- The caller's normalised number; repeated calls merge into its open task.
  number TEXT NOT NULL,
  -- The number as the PBX presented the latest call, dialled back.
  dial_number TEXT NOT NULL,
  -- open or done; resolution says how a done task was closed.
  state TEXT NOT NULL,
  resolution TEXT NOT NULL,
  first_call_at {{time}} NOT NULL,
  last_call_at {{time}} NOT NULL,
  -- When the citizen was reached, and the milliseconds from the first call
  -- until then (the time to callback); NULL unless reached.
  reached_at {{time}},
  time_to_callback_ms BIGINT,
  closed_at {{time}},
  -- The Linka id of the call that closed the task, '' if none did.
  closed_by_call TEXT NOT NULL,
  version BIGINT NOT NULL
);
CREATE UNIQUE INDEX callback_tasks_open_number ON callback_tasks (number) WHERE state = 'open';
CREATE INDEX callback_tasks_state ON callback_tasks (state, first_call_at);
CREATE INDEX callback_tasks_first_call ON callback_tasks (first_call_at);

-- Each call is recorded on one task only, so a record observed twice
-- counts once.
CREATE TABLE callback_calls (
  call_id TEXT PRIMARY KEY,
  task_id BIGINT NOT NULL REFERENCES callback_tasks (id),
  started_at {{time}} NOT NULL,
  -- missed, abandoned or out_of_hours.
  category TEXT NOT NULL
);
CREATE INDEX callback_calls_task ON callback_calls (task_id, started_at);
CREATE INDEX callback_calls_category ON callback_calls (category, task_id);

CREATE TABLE callback_attempts (
  id {{id}},
  task_id BIGINT NOT NULL REFERENCES callback_tasks (id),
  started_at {{time}} NOT NULL,
  user_id BIGINT REFERENCES users (id),
  user_name TEXT NOT NULL,
  extension TEXT NOT NULL,
  -- The Linka id of the call placed, '' if none was.
  call_id TEXT NOT NULL,
  -- pending, reached, too_short, no_answer, failed, not_placed or unknown.
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL,
  answered_at {{time}},
  ended_at {{time}},
  settled_at {{time}}
);
CREATE INDEX callback_attempts_task ON callback_attempts (task_id, id);
CREATE INDEX callback_attempts_call ON callback_attempts (call_id);
