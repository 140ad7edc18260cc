package store

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"linka/cases"
)

const userColumns = `id, login, name, email, extension, department_id, all_departments, active, password_hash, created_at`

func userDest(u *cases.User) []any {
	return []any{&u.ID, &u.Login, &u.Name, &u.Email, &u.Extension, (*ref)(&u.DepartmentID),
		&u.AllDepartments, &u.Active, &u.PasswordHash, (*ts)(&u.CreatedAt)}
}

// CreateUser inserts u with its roles and sets its ID. A taken login is
// EConflict.
func (db *DB) CreateUser(ctx context.Context, u *cases.User) error {
	var id int64
	err := db.write(ctx, func(r runner) (err error) {
		id, err = r.insert(ctx, `INSERT INTO users (login, name, email, extension, department_id,
  all_departments, active, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			u.Login, u.Name, u.Email, u.Extension, ref(u.DepartmentID), u.AllDepartments, u.Active,
			u.PasswordHash, ts(u.CreatedAt))
		if err != nil {
			return err
		}
		return insertRoles(ctx, r, id, u.Roles)
	})
	if err != nil {
		return db.fail("create user", "user", err)
	}
	u.ID = id
	return nil
}

// UpdateUser stores u (not its creation time) and replaces its roles.
func (db *DB) UpdateUser(ctx context.Context, u *cases.User) error {
	err := db.write(ctx, func(r runner) error {
		res, err := r.exec(ctx, `UPDATE users SET login = ?, name = ?, email = ?, extension = ?,
  department_id = ?, all_departments = ?, active = ?, password_hash = ? WHERE id = ?`,
			u.Login, u.Name, u.Email, u.Extension, ref(u.DepartmentID), u.AllDepartments, u.Active,
			u.PasswordHash, u.ID)
		if err := expectRow(res, err, notFound("user", u.ID)); err != nil {
			return err
		}
		if _, err := r.exec(ctx, `DELETE FROM user_roles WHERE user_id = ?`, u.ID); err != nil {
			return err
		}
		return insertRoles(ctx, r, u.ID, u.Roles)
	})
	return db.fail("update user", "user", err)
}

func insertRoles(ctx context.Context, r runner, userID int64, roles []cases.Role) error {
	seen := map[cases.Role]bool{}
	for _, role := range roles {
		if seen[role] {
			continue
		}
		seen[role] = true
		if _, err := r.exec(ctx, `INSERT INTO user_roles (user_id, role) VALUES (?, ?)`, userID, string(role)); err != nil {
			return err
		}
	}
	return nil
}

// User returns the user with the given id. Roles come in the order of
// cases.Roles.
func (db *DB) User(ctx context.Context, id int64) (*cases.User, error) {
	return db.userWhere(ctx, "id = ?", id, id)
}

// UserByLogin returns the user with the given login.
func (db *DB) UserByLogin(ctx context.Context, login string) (*cases.User, error) {
	return db.userWhere(ctx, "login = ?", login, login)
}

func (db *DB) userWhere(ctx context.Context, cond string, arg, key any) (*cases.User, error) {
	var users []cases.User
	err := db.read(ctx, func(r runner) (err error) {
		users, err = loadUsers(ctx, r, cond, arg)
		return err
	})
	if err != nil {
		return nil, db.fail("load user", "user", err)
	}
	if len(users) == 0 {
		return nil, notFound("user", key)
	}
	return &users[0], nil
}

// Users returns every user, ordered by name.
func (db *DB) Users(ctx context.Context) ([]cases.User, error) {
	var users []cases.User
	err := db.read(ctx, func(r runner) (err error) {
		users, err = loadUsers(ctx, r, "TRUE")
		return err
	})
	if err != nil {
		return nil, db.fail("list users", "user", err)
	}
	sortByName(users, func(u *cases.User) (string, int64) { return u.Name, u.ID })
	return users, nil
}

// loadUsers returns the users matching cond with their roles.
func loadUsers(ctx context.Context, r runner, cond string, args ...any) ([]cases.User, error) {
	rows, err := r.query(ctx, `SELECT `+userColumns+` FROM users WHERE `+cond, args...)
	users, err := scanAll(rows, err, userDest)
	if err != nil || len(users) == 0 {
		return users, err
	}
	byID := make(map[int64]*cases.User, len(users))
	for i := range users {
		byID[users[i].ID] = &users[i]
	}
	rows, err = r.query(ctx, `SELECT user_id, role FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE `+cond+`)`, args...)
	type userRole struct {
		user int64
		role cases.Role
	}
	roles, err := scanAll(rows, err, func(ur *userRole) []any { return []any{&ur.user, &ur.role} })
	if err != nil {
		return nil, err
	}
	for _, ur := range roles {
		if u := byID[ur.user]; u != nil {
			u.Roles = append(u.Roles, ur.role)
		}
	}
	for i := range users {
		slices.SortFunc(users[i].Roles, func(a, b cases.Role) int {
			return slices.Index(cases.Roles, a) - slices.Index(cases.Roles, b)
		})
	}
	return users, nil
}

// sortByName orders list by folded name (so that "Čermák" sorts among
// the C's, the same on both databases), then by id.
func sortByName[T any](list []T, key func(*T) (name string, id int64)) {
	type keyed struct {
		name string
		id   int64
		v    T
	}
	tmp := make([]keyed, len(list))
	for i := range list {
		name, id := key(&list[i])
		tmp[i] = keyed{cases.Fold(name), id, list[i]}
	}
	slices.SortFunc(tmp, func(a, b keyed) int {
		return cmp.Or(strings.Compare(a.name, b.name), cmp.Compare(a.id, b.id))
	})
	for i := range tmp {
		list[i] = tmp[i].v
	}
}
