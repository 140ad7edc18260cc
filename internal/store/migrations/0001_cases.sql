-- The case register: staff, contacts, cases and what hangs on them, the
-- sessions and tokens of staff, and the access log.
--
-- Written once for PostgreSQL and SQLite: the template functions id, time,
-- date, bool, bytewise and searchIndex are expanded by dialect.go.

CREATE TABLE departments (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  active {{bool}} NOT NULL
);

CREATE TABLE case_types (
  id {{id}},
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  deadline_days INTEGER NOT NULL,
  active {{bool}} NOT NULL
);

CREATE TABLE users (
  id {{id}},
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  extension TEXT NOT NULL,
  department_id BIGINT REFERENCES departments (id),
  all_departments {{bool}} NOT NULL,
  active {{bool}} NOT NULL,
  password_hash TEXT NOT NULL,
  created_at {{time}} NOT NULL
);
CREATE INDEX users_extension ON users (extension);

-- Roles as text, one row each.
CREATE TABLE user_roles (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
);

CREATE TABLE contacts (
  id {{id}},
  kind TEXT NOT NULL,
  vip {{bool}} NOT NULL,
  title_before TEXT NOT NULL,
  first_name TEXT NOT NULL,
  last_name TEXT NOT NULL,
  title_after TEXT NOT NULL,
  birth_date {{date}},
  employer TEXT NOT NULL,
  district TEXT NOT NULL,
  phone TEXT NOT NULL,
  mobile TEXT NOT NULL,
  email TEXT NOT NULL,
  data_box TEXT NOT NULL,
  company_id TEXT NOT NULL,
  street TEXT NOT NULL,
  postcode TEXT NOT NULL,
  city TEXT NOT NULL,
  delivery_street TEXT NOT NULL,
  delivery_postcode TEXT NOT NULL,
  delivery_city TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at {{time}} NOT NULL,
  updated_at {{time}} NOT NULL,
  -- Folded "last first" name: the order of the contact list.
  sort_name TEXT {{bytewise}} NOT NULL,
  -- cases.ContactSearchText, maintained by the application.
  search TEXT NOT NULL
);
CREATE INDEX contacts_phone ON contacts (phone) WHERE phone <> '';
CREATE INDEX contacts_mobile ON contacts (mobile) WHERE mobile <> '';
CREATE INDEX contacts_email ON contacts (email) WHERE email <> '';
CREATE INDEX contacts_sort_name ON contacts (sort_name, id);
{{searchIndex "contacts"}}

-- Evidence-number counters, one per NumberScope.Key; seq is the last
-- number handed out.
CREATE TABLE case_numbers (
  scope TEXT PRIMARY KEY,
  seq BIGINT NOT NULL
);

CREATE TABLE cases (
  id {{id}},
  number TEXT NOT NULL UNIQUE,
  number_scope TEXT {{bytewise}} NOT NULL,
  number_seq BIGINT NOT NULL,
  source TEXT NOT NULL,
  received_at {{time}} NOT NULL,
  created_at {{time}} NOT NULL,
  updated_at {{time}} NOT NULL,
  due_date {{date}},
  submitter_id BIGINT REFERENCES contacts (id),
  subject TEXT NOT NULL,
  description TEXT NOT NULL,
  department_id BIGINT REFERENCES departments (id),
  case_type_id BIGINT REFERENCES case_types (id),
  state TEXT NOT NULL,
  outcome TEXT NOT NULL,
  priority TEXT NOT NULL,
  assigned_to BIGINT REFERENCES users (id),
  handled_by BIGINT REFERENCES users (id),
  response_sent {{bool}} NOT NULL,
  response TEXT NOT NULL,
  keep_informed {{bool}} NOT NULL,
  language TEXT NOT NULL,
  restricted {{bool}} NOT NULL,
  source_ref TEXT UNIQUE,
  version INTEGER NOT NULL,
  -- cases.SearchText, maintained by the application.
  search TEXT NOT NULL
);
-- The register reads a page's ids from an index and counts from one,
-- without touching the wide case rows (see ListCases): the indexes carry
-- the sort key and id (which PostgreSQL needs for index-only scans; SQLite
-- has it anyway), and the department ones the state.
CREATE INDEX cases_received ON cases (received_at, id);
CREATE INDEX cases_updated ON cases (updated_at, id);
CREATE INDEX cases_number ON cases (number_scope, number_seq, id);
CREATE INDEX cases_state ON cases (state, received_at, id);
CREATE INDEX cases_state_due ON cases (state, due_date, received_at, id);
CREATE INDEX cases_department ON cases (department_id, received_at, id, state);
CREATE INDEX cases_department_state ON cases (department_id, state, received_at, id);
CREATE INDEX cases_assigned ON cases (assigned_to, received_at, id);
CREATE INDEX cases_handled ON cases (handled_by, received_at, id);
CREATE INDEX cases_submitter ON cases (submitter_id, received_at, id);
CREATE INDEX cases_case_type ON cases (case_type_id, received_at, id);
{{searchIndex "cases"}}

-- The staff a restricted case is hidden from.
CREATE TABLE case_hidden_from (
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id),
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_hidden_from_user ON case_hidden_from (user_id);

CREATE TABLE case_history (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  at {{time}} NOT NULL,
  user_id BIGINT REFERENCES users (id),
  field TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  public {{bool}} NOT NULL
);
CREATE INDEX case_history_case ON case_history (case_id, id);

CREATE TABLE activities (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  at {{time}} NOT NULL,
  taken_by BIGINT REFERENCES users (id),
  description TEXT NOT NULL,
  handed_to BIGINT REFERENCES users (id),
  done {{bool}} NOT NULL,
  created_by BIGINT REFERENCES users (id)
);
CREATE INDEX activities_case ON activities (case_id, at, id);

CREATE TABLE attachments (
  id {{id}},
  case_id BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  blob_key TEXT NOT NULL,
  created_at {{time}} NOT NULL,
  created_by BIGINT REFERENCES users (id)
);
CREATE INDEX attachments_case ON attachments (case_id, id);
CREATE INDEX attachments_blob ON attachments (blob_key);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at {{time}} NOT NULL,
  seen_at {{time}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_seen ON sessions (seen_at);

CREATE TABLE tokens (
  id {{id}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  created_at {{time}} NOT NULL,
  expires_at {{time}}
);
CREATE INDEX tokens_user ON tokens (user_id);

-- Reads of personal data by staff. No foreign keys: logging a read must
-- never fail on the object it names.
CREATE TABLE access_log (
  id {{id}},
  at {{time}} NOT NULL,
  user_id BIGINT NOT NULL,
  object TEXT NOT NULL,
  object_id BIGINT NOT NULL,
  action TEXT NOT NULL
);
CREATE INDEX access_log_at ON access_log (at, id);
CREATE INDEX access_log_user ON access_log (user_id, at);
CREATE INDEX access_log_object ON access_log (object, object_id, at);
