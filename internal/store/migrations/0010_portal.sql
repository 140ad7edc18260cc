-- The citizen portal (cases.PortalStore): one access code per case (only its
-- hash), the citizens' sessions on the status page, and the failure counters
-- behind the portal's growing delays and lockouts.

-- The current access code of a case. Issuing a new one replaces the row, so
-- the previous code stops working at once.
CREATE TABLE access_codes (
  case_id BIGINT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
  -- cases.AccessCodeHash: SHA-256 of the case id and the normalised code.
  hash TEXT NOT NULL,
  issued_at {{time}} NOT NULL,
  expires_at {{time}} NOT NULL,
  -- Who issued it: a member of staff, or NULL for the citizen (the web
  -- form's confirmation or a request by e-mail).
  issued_by BIGINT REFERENCES users (id),
  -- How: "web_form", "email" or "staff".
  channel TEXT NOT NULL
);

-- A citizen signed in to the status page of one case. id is the SHA-256 of
-- the cookie's secret.
CREATE TABLE portal_sessions (
  id TEXT PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  created_at {{time}} NOT NULL,
  expires_at {{time}} NOT NULL
);
CREATE INDEX portal_sessions_case ON portal_sessions (case_id);
CREATE INDEX portal_sessions_expires ON portal_sessions (expires_at);

-- Failed sign-ins and code requests per key ("case:8608", "ip:192.0.2.1"),
-- whether the case exists or not.
CREATE TABLE portal_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_at {{time}} NOT NULL
);
CREATE INDEX portal_throttle_last ON portal_throttle (last_at);
