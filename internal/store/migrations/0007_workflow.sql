-- The case workflow and the legal regimes (docs/workflow.md): the regime
-- of each case type with its adjustable periods, and what the workflow
-- records on a case — the event its deadline counts from, an extension,
-- the reason for a delay, a complaint's finding, forwarding, what the
-- office waits for, and the § 18 record of an information request
-- (zákon č. 106/1999 Sb.) for the annual report.
--
-- One ADD COLUMN per statement: SQLite adds one column at a time.

ALTER TABLE case_types ADD COLUMN regime TEXT NOT NULL DEFAULT '';
ALTER TABLE case_types ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_types ADD COLUMN forward_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_types ADD COLUMN step_days INTEGER NOT NULL DEFAULT 0;

ALTER TABLE cases ADD COLUMN deadline_from {{date}};
ALTER TABLE cases ADD COLUMN extension_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN extension_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN extended_at {{time}};
ALTER TABLE cases ADD COLUMN late_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN finding TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN forwarded_to TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN forwarded_on {{date}};
ALTER TABLE cases ADD COLUMN waiting_for TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN council_decides {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN reply_requested {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN info_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN refusal TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN appeal_filed {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN appeal_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN court_review {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN court_outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN exclusive_licence {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN licence_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN complaint_16a {{bool}} NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN complaint_16a_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN complaint_16a_outcome TEXT NOT NULL DEFAULT '';

-- The § 18 report counts information requests received in a year by
-- their outcome; the regime is on the case type.
CREATE INDEX cases_case_type_received ON cases (case_type_id, received_at);
