-- Call recordings (recorder.Store): one row per recording of the SIP trunk
-- leg, or per call the recorder saw but could not or must not record.
-- The audio is a blob (blob_key); a row without one keeps only what is
-- needed to answer "was this call recorded, and why not".

CREATE TABLE recordings (
  id {{id}},
  -- The Linka call id once matched ('' until then); the trunk leg's SIP
  -- Call-ID ('' for RTP seen without signalling).
  call_id TEXT NOT NULL,
  sip_call_id TEXT NOT NULL,
  -- recording (being written), stored, unrecordable (SRTP, G.729, no
  -- media), discarded (the office's rules: no notice heard, caller
  -- objected); reason says why for the last two.
  state TEXT NOT NULL,
  reason TEXT NOT NULL,
  caller TEXT NOT NULL,
  called TEXT NOT NULL,
  direction TEXT NOT NULL,
  -- The extension that took the call, from the call log.
  extension TEXT NOT NULL,
  codec TEXT NOT NULL,
  started_at {{time}} NOT NULL,
  ended_at {{time}},
  duration_ms BIGINT NOT NULL,
  packets BIGINT NOT NULL,
  lost BIGINT NOT NULL,
  jitter_ms DOUBLE PRECISION NOT NULL,
  blob_key TEXT NOT NULL,
  size BIGINT NOT NULL,
  -- JSON: the statistics of both channels and the events (DTMF, hold).
  details TEXT NOT NULL,
  -- The file in the spool directory while the recording is written.
  spool_file TEXT NOT NULL,
  created_at {{time}} NOT NULL
);
CREATE INDEX recordings_call ON recordings (call_id);
CREATE INDEX recordings_started_at ON recordings (started_at);
CREATE INDEX recordings_state ON recordings (state, ended_at);
