-- The call history: one row per finished call, written by the PBX link
-- (cti.CallStore). Calls are addressed by their stable Linka call id.

CREATE TABLE calls (
  id TEXT PRIMARY KEY,
  direction TEXT NOT NULL,
  caller TEXT NOT NULL,
  called TEXT NOT NULL,
  trunk TEXT NOT NULL,
  -- The extensions and groups that took part, in order, comma-separated.
  extensions TEXT NOT NULL,
  answered_by TEXT NOT NULL,
  started_at {{time}} NOT NULL,
  answered_at {{time}},
  ended_at {{time}} NOT NULL,
  end_reason TEXT NOT NULL,
  consultation_of TEXT NOT NULL,
  -- The path through the PBX as JSON: [{"at","action","device","to"}].
  path TEXT NOT NULL
);
CREATE INDEX calls_started_at ON calls (started_at);
CREATE INDEX calls_caller ON calls (caller, started_at);
CREATE INDEX calls_answered_by ON calls (answered_by, started_at);
