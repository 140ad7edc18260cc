package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"linka/ivr"
)

var _ ivr.Store = (*DB)(nil)

const flowColumns = `name, version, definition, note, created_at, created_by, active, activated_at, activated_by`

func scanFlowVersion(row interface{ Scan(...any) error }) (ivr.FlowVersion, error) {
	var v ivr.FlowVersion
	var def string
	var active int
	err := row.Scan(&v.Name, &v.Version, &def, &v.Note, (*ts)(&v.CreatedAt), &v.CreatedBy, &active,
		(*ts)(&v.ActivatedAt), &v.ActivatedBy)
	if err != nil {
		return v, err
	}
	v.Active = active == 1
	f, err := ivr.ParseFlow([]byte(def))
	if err != nil {
		return v, fmt.Errorf("flow %s version %d: %w", v.Name, v.Version, err)
	}
	v.Flow = f
	return v, nil
}

// CreateFlowVersion saves v as the next version of its flow.
func (db *DB) CreateFlowVersion(ctx context.Context, v *ivr.FlowVersion) error {
	def, err := json.Marshal(v.Flow)
	if err != nil {
		return fmt.Errorf("store: encode flow: %w", err)
	}
	err = db.write(ctx, func(r runner) error {
		var last sql.NullInt64
		if err := r.row(ctx, `SELECT MAX(version) FROM ivr_flows WHERE name = ?`, v.Name).Scan(&last); err != nil {
			return err
		}
		v.Version = int(last.Int64) + 1
		_, err := r.exec(ctx, `INSERT INTO ivr_flows (`+flowColumns+`) VALUES (?, ?, ?, ?, ?, ?, 0, ?, '')`,
			v.Name, v.Version, string(def), v.Note, ts(v.CreatedAt), v.CreatedBy, ts(time.Time{}))
		return err
	})
	return db.fail("save flow", "flow version", err)
}

// FlowVersion returns one version of a flow.
func (db *DB) FlowVersion(ctx context.Context, name string, version int) (ivr.FlowVersion, error) {
	return db.flowWhere(ctx, "name = ? AND version = ?", name, version)
}

// ActiveFlowVersion returns the active version of a flow.
func (db *DB) ActiveFlowVersion(ctx context.Context, name string) (ivr.FlowVersion, error) {
	return db.flowWhere(ctx, "name = ? AND active = 1", name)
}

func (db *DB) flowWhere(ctx context.Context, cond string, args ...any) (ivr.FlowVersion, error) {
	v, err := scanFlowVersion(db.reader().row(ctx, `SELECT `+flowColumns+` FROM ivr_flows WHERE `+cond, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, fmt.Errorf("%w: flow %v", ivr.ErrNotFound, args)
	}
	return v, db.fail("read flow", "flow", err)
}

// FlowVersions returns the versions of a flow (every flow when name is
// ""), newest first.
func (db *DB) FlowVersions(ctx context.Context, name string) ([]ivr.FlowVersion, error) {
	q, args := `SELECT `+flowColumns+` FROM ivr_flows ORDER BY name, version DESC`, []any{}
	if name != "" {
		q, args = `SELECT `+flowColumns+` FROM ivr_flows WHERE name = ? ORDER BY version DESC`, []any{name}
	}
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, db.fail("list flows", "flow", err)
	}
	defer rows.Close()
	var out []ivr.FlowVersion
	for rows.Next() {
		v, err := scanFlowVersion(rows)
		if err != nil {
			return nil, db.fail("list flows", "flow", err)
		}
		out = append(out, v)
	}
	return out, db.fail("list flows", "flow", rows.Err())
}

// ActivateFlowVersion makes a version the active one of its flow, in one
// transaction.
func (db *DB) ActivateFlowVersion(ctx context.Context, name string, version int, at time.Time, by string) error {
	err := db.write(ctx, func(r runner) error {
		if _, err := r.exec(ctx, `UPDATE ivr_flows SET active = 0 WHERE name = ? AND active = 1`, name); err != nil {
			return err
		}
		res, err := r.exec(ctx, `UPDATE ivr_flows SET active = 1, activated_at = ?, activated_by = ? WHERE name = ? AND version = ?`,
			ts(at), by, name, version)
		return expectRow(res, err, fmt.Errorf("%w: flow %s version %d", ivr.ErrNotFound, name, version))
	})
	return db.fail("activate flow", "flow", err)
}

const promptColumns = `name, language, blob_key, duration_ms, source_rate, source_channels, text, updated_at, updated_by`

func scanPrompt(row interface{ Scan(...any) error }) (ivr.Prompt, error) {
	var p ivr.Prompt
	var ms int64
	err := row.Scan(&p.Name, &p.Language, &p.BlobKey, &ms, &p.SourceRate, &p.SourceChannels, &p.Text,
		(*ts)(&p.UpdatedAt), &p.UpdatedBy)
	p.Duration = time.Duration(ms) * time.Millisecond
	return p, err
}

// SavePrompt creates or replaces a prompt.
func (db *DB) SavePrompt(ctx context.Context, p ivr.Prompt) error {
	err := db.write(ctx, func(r runner) error {
		if _, err := r.exec(ctx, `DELETE FROM ivr_prompts WHERE name = ? AND language = ?`, p.Name, p.Language); err != nil {
			return err
		}
		_, err := r.exec(ctx, `INSERT INTO ivr_prompts (`+promptColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.Name, p.Language, p.BlobKey, p.Duration.Milliseconds(), p.SourceRate, p.SourceChannels, p.Text,
			ts(p.UpdatedAt), p.UpdatedBy)
		return err
	})
	return db.fail("save prompt", "prompt", err)
}

// Prompt returns one prompt.
func (db *DB) Prompt(ctx context.Context, name, lang string) (ivr.Prompt, error) {
	p, err := scanPrompt(db.reader().row(ctx, `SELECT `+promptColumns+` FROM ivr_prompts WHERE name = ? AND language = ?`, name, lang))
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("%w: prompt %s (%s)", ivr.ErrNotFound, name, lang)
	}
	return p, db.fail("read prompt", "prompt", err)
}

// Prompts returns every prompt by name and language.
func (db *DB) Prompts(ctx context.Context) ([]ivr.Prompt, error) {
	rows, err := db.reader().query(ctx, `SELECT `+promptColumns+` FROM ivr_prompts ORDER BY name, language`)
	if err != nil {
		return nil, db.fail("list prompts", "prompt", err)
	}
	defer rows.Close()
	var out []ivr.Prompt
	for rows.Next() {
		p, err := scanPrompt(rows)
		if err != nil {
			return nil, db.fail("list prompts", "prompt", err)
		}
		out = append(out, p)
	}
	return out, db.fail("list prompts", "prompt", rows.Err())
}

// DeletePrompt removes a prompt.
func (db *DB) DeletePrompt(ctx context.Context, name, lang string) error {
	err := db.write(ctx, func(r runner) error {
		res, err := r.exec(ctx, `DELETE FROM ivr_prompts WHERE name = ? AND language = ?`, name, lang)
		return expectRow(res, err, fmt.Errorf("%w: prompt %s (%s)", ivr.ErrNotFound, name, lang))
	})
	return db.fail("delete prompt", "prompt", err)
}
