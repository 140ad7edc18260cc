-- The call log (cti.CallLogStore): the call history of migration 2 becomes
-- one row per call merged from the PBX link's records (CSTA) and the PBX's
-- SMDR lines; the SMDR lines that match no layout; and the links between
-- calls and cases.

-- The caller and called numbers normalised to E.164 ('' when they are not
-- outside numbers), for number search and contact lookup.
ALTER TABLE calls ADD COLUMN caller_e164 TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN called_e164 TEXT NOT NULL DEFAULT '';
-- Whether the PBX link reported the call: every row so far came from it.
ALTER TABLE calls ADD COLUMN has_csta {{bool}} NOT NULL DEFAULT TRUE;
-- How far the SMDR lines of the call go (cti.SMDRState): '' for none,
-- interim (RC/AN lines only), transferred (the last final line was TR or
-- FW) or final.
ALTER TABLE calls ADD COLUMN smdr_state TEXT NOT NULL DEFAULT '';
-- What SMDR adds: the CO (trunk) number as printed, the account code, the
-- condition codes of the final lines ("TR,NA") and the lines as received,
-- separated by line feeds.
ALTER TABLE calls ADD COLUMN smdr_trunk TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN account_code TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN smdr_condition TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN smdr_lines TEXT NOT NULL DEFAULT '';
-- When a call only SMDR described is handed to the callbacks; NULL when
-- nothing is pending.
ALTER TABLE calls ADD COLUMN observe_after {{time}};

-- The merge looks for the calls that ended around an SMDR line or a record:
-- in live operation and in an import in time order, the few latest ones.
CREATE INDEX calls_ended_at ON calls (ended_at, started_at);
CREATE INDEX calls_caller_e164 ON calls (caller_e164, started_at);
CREATE INDEX calls_called_e164 ON calls (called_e164, started_at);
CREATE INDEX calls_called ON calls (called, started_at);
CREATE INDEX calls_direction ON calls (direction, started_at);
CREATE INDEX calls_observe_after ON calls (observe_after) WHERE observe_after IS NOT NULL;

-- The extensions and groups of each call (calls.extensions), one row each,
-- for the search by extension.
CREATE TABLE call_extensions (
  call_id TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  extension TEXT NOT NULL,
  started_at {{time}} NOT NULL,
  PRIMARY KEY (call_id, extension)
);
CREATE INDEX call_extensions_extension ON call_extensions (extension, started_at);

-- The extensions of the calls stored so far, split at the commas one
-- character at a time (no split function is common to both databases).
WITH RECURSIVE split (call_id, started_at, ext, rest) AS (
  SELECT id, started_at, CAST('' AS TEXT), extensions || ',' FROM calls WHERE extensions <> ''
  UNION ALL
  SELECT call_id, started_at,
    CASE WHEN substr(rest, 1, 1) = ',' THEN CAST('' AS TEXT) ELSE ext || substr(rest, 1, 1) END,
    substr(rest, 2)
  FROM split WHERE rest <> ''
)
INSERT INTO call_extensions (call_id, extension, started_at)
SELECT DISTINCT call_id, ext, started_at FROM split WHERE substr(rest, 1, 1) = ',' AND ext <> '';

-- SMDR lines that matched no layout (or whose time was unknown), kept as
-- received so that none is silently lost.
CREATE TABLE smdr_rejects (
  id {{id}},
  line TEXT NOT NULL,
  reason TEXT NOT NULL,
  received_at {{time}} NOT NULL
);
CREATE INDEX smdr_rejects_received_at ON smdr_rejects (received_at);

-- Calls linked to cases, by Linka call id: a call may be linked while it is
-- in progress, before its row exists.
CREATE TABLE case_calls (
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  call_id TEXT NOT NULL,
  linked_at {{time}} NOT NULL,
  linked_by BIGINT REFERENCES users (id),
  PRIMARY KEY (case_id, call_id)
);
CREATE INDEX case_calls_call ON case_calls (call_id);
