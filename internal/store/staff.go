package store

import (
	"context"

	"linka/cases"
)

// CreateDepartment inserts d and sets its ID. A taken code is EConflict.
func (db *DB) CreateDepartment(ctx context.Context, d *cases.Department) error {
	var id int64
	err := db.write(ctx, func(r runner) (err error) {
		id, err = r.insert(ctx, `INSERT INTO departments (code, name, email, active) VALUES (?, ?, ?, ?)`,
			d.Code, d.Name, d.Email, d.Active)
		return err
	})
	if err != nil {
		return db.fail("create department", "department", err)
	}
	d.ID = id
	return nil
}

// UpdateDepartment stores d.
func (db *DB) UpdateDepartment(ctx context.Context, d *cases.Department) error {
	return db.updateOne(ctx, "update department", "department", d.ID,
		`UPDATE departments SET code = ?, name = ?, email = ?, active = ? WHERE id = ?`,
		d.Code, d.Name, d.Email, d.Active, d.ID)
}

// Departments returns every department, ordered by name.
func (db *DB) Departments(ctx context.Context) ([]cases.Department, error) {
	rows, err := db.reader().query(ctx, `SELECT id, code, name, email, active FROM departments`)
	list, err := scanAll(rows, err, func(d *cases.Department) []any {
		return []any{&d.ID, &d.Code, &d.Name, &d.Email, &d.Active}
	})
	if err != nil {
		return nil, db.fail("list departments", "department", err)
	}
	sortByName(list, func(d *cases.Department) (string, int64) { return d.Name, d.ID })
	return list, nil
}

// CreateCaseType inserts t and sets its ID. A taken code is EConflict.
func (db *DB) CreateCaseType(ctx context.Context, t *cases.CaseType) error {
	var id int64
	err := db.write(ctx, func(r runner) (err error) {
		id, err = r.insert(ctx, `INSERT INTO case_types (code, name, deadline_days, active, regime, extension_days,
  forward_days, step_days) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			t.Code, t.Name, t.DeadlineDays, t.Active, t.Regime, t.ExtensionDays, t.ForwardDays, t.StepDays)
		return err
	})
	if err != nil {
		return db.fail("create case type", "case type", err)
	}
	t.ID = id
	return nil
}

// UpdateCaseType stores t.
func (db *DB) UpdateCaseType(ctx context.Context, t *cases.CaseType) error {
	return db.updateOne(ctx, "update case type", "case type", t.ID,
		`UPDATE case_types SET code = ?, name = ?, deadline_days = ?, active = ?, regime = ?,
  extension_days = ?, forward_days = ?, step_days = ? WHERE id = ?`,
		t.Code, t.Name, t.DeadlineDays, t.Active, t.Regime, t.ExtensionDays, t.ForwardDays, t.StepDays, t.ID)
}

// CaseTypes returns every case type, ordered by name.
func (db *DB) CaseTypes(ctx context.Context) ([]cases.CaseType, error) {
	rows, err := db.reader().query(ctx, `SELECT id, code, name, deadline_days, active, regime,
  extension_days, forward_days, step_days FROM case_types`)
	list, err := scanAll(rows, err, func(t *cases.CaseType) []any {
		return []any{&t.ID, &t.Code, &t.Name, &t.DeadlineDays, &t.Active, &t.Regime, &t.ExtensionDays,
			&t.ForwardDays, &t.StepDays}
	})
	if err != nil {
		return nil, db.fail("list case types", "case type", err)
	}
	sortByName(list, func(t *cases.CaseType) (string, int64) { return t.Name, t.ID })
	return list, nil
}

// updateOne runs an UPDATE of the row id of a what; no such row is
// ENotFound.
func (db *DB) updateOne(ctx context.Context, op, what string, id int64, q string, args ...any) error {
	err := db.write(ctx, func(r runner) error {
		res, err := r.exec(ctx, q, args...)
		return expectRow(res, err, notFound(what, id))
	})
	return db.fail(op, what, err)
}
