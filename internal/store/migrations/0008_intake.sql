-- Source items the intake adapters took in (cases.IntakeStore): every
-- reference of an e-mail (mailbox + UIDVALIDITY + UID, Message-ID, content
-- hash) or of a scanned file (path + hash), written in the same transaction
-- as the case or activity it became. A reference seen again is a duplicate:
-- the intake moves the source item away without registering it twice.
CREATE TABLE intake_refs (
  ref TEXT PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  -- The activity a reply to a known case became; NULL for a new case.
  activity_id BIGINT REFERENCES activities (id) ON DELETE CASCADE,
  created_at {{time}} NOT NULL
);
CREATE INDEX intake_refs_case ON intake_refs (case_id);
