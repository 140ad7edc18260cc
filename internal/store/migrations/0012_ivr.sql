-- The voice gateway (ivr.Store): versions of call flows as PBX admins
-- save them, one of each flow active, and the prompts the flows play.

CREATE TABLE ivr_flows (
  id {{id}},
  name TEXT NOT NULL,
  version BIGINT NOT NULL,
  -- The flow as JSON (ivr.Flow).
  definition TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at {{time}} NOT NULL,
  created_by TEXT NOT NULL,
  -- 1 for the version calls run; at most one per name.
  active INTEGER NOT NULL,
  activated_at {{time}},
  activated_by TEXT NOT NULL
);
CREATE UNIQUE INDEX ivr_flows_version ON ivr_flows (name, version);
CREATE UNIQUE INDEX ivr_flows_active ON ivr_flows (name) WHERE active = 1;

CREATE TABLE ivr_prompts (
  name TEXT NOT NULL,
  language TEXT NOT NULL,
  -- The 8 kHz 16-bit mono WAV in the blob store.
  blob_key TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  source_rate INTEGER NOT NULL,
  source_channels INTEGER NOT NULL,
  text TEXT NOT NULL,
  updated_at {{time}} NOT NULL,
  updated_by TEXT NOT NULL,
  PRIMARY KEY (name, language)
);
