-- The clerk panel's shared state, in the database because several
-- instances serve the same office: the draft written during a call, which
-- travels with a transferred call to the colleague who answers, and the
-- not-ready reason requested in Linka until the PBX reports the state.

-- The draft of a call (cti.CallDraft), keyed by the Linka call id: the
-- new-case form as the browser keeps it (a JSON object) and free notes.
-- Deleted when the case is saved or the call is linked to a case.
CREATE TABLE call_drafts (
  call_id TEXT PRIMARY KEY,
  form TEXT NOT NULL DEFAULT '{}',
  notes TEXT NOT NULL DEFAULT '',
  updated_by BIGINT REFERENCES users (id),
  updated_at {{time}} NOT NULL
);
CREATE INDEX call_drafts_updated_at ON call_drafts (updated_at);

-- The reason of a not-ready request made in Linka at an extension, taken
-- by the agent state log when the PBX reports not_ready (agent_state_log).
CREATE TABLE agent_pending_reasons (
  extension TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  user_id BIGINT REFERENCES users (id),
  at {{time}} NOT NULL
);
