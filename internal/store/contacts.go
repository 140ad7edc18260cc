package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"linka/cases"
)

// contactColumns are the columns of a contact, in the order of contactDest.
const contactColumns = `ct.id, ct.kind, ct.vip, ct.title_before, ct.first_name, ct.last_name,
  ct.title_after, ct.birth_date, ct.employer, ct.district, ct.phone, ct.mobile, ct.email,
  ct.data_box, ct.company_id, ct.street, ct.postcode, ct.city, ct.delivery_street,
  ct.delivery_postcode, ct.delivery_city, ct.note, ct.created_at, ct.updated_at`

func contactDest(c *cases.Contact) []any {
	return []any{&c.ID, &c.Kind, &c.VIP, &c.TitleBefore, &c.FirstName, &c.LastName,
		&c.TitleAfter, (*date)(&c.BirthDate), &c.Employer, &c.District, &c.Phone, &c.Mobile,
		&c.Email, &c.DataBox, &c.CompanyID, &c.Address.Street, &c.Address.Postcode,
		&c.Address.City, &c.DeliveryAddress.Street, &c.DeliveryAddress.Postcode,
		&c.DeliveryAddress.City, &c.Note, (*ts)(&c.CreatedAt), (*ts)(&c.UpdatedAt)}
}

// contactInsertColumns are the columns contactValues fills, then created_at.
const contactInsertColumns = `kind, vip, title_before, first_name, last_name, title_after,
  birth_date, employer, district, phone, mobile, email, data_box, company_id, street, postcode,
  city, delivery_street, delivery_postcode, delivery_city, note, updated_at, sort_name, search`

// contactValues returns the values of contactInsertColumns for c.
func contactValues(c *cases.Contact) []any {
	return []any{c.Kind, c.VIP, c.TitleBefore, c.FirstName, c.LastName, c.TitleAfter,
		date(c.BirthDate), c.Employer, c.District, c.Phone, c.Mobile, c.Email, c.DataBox,
		c.CompanyID, c.Address.Street, c.Address.Postcode, c.Address.City,
		c.DeliveryAddress.Street, c.DeliveryAddress.Postcode, c.DeliveryAddress.City, c.Note,
		ts(c.UpdatedAt), cases.Fold(c.LastName + " " + c.FirstName), cases.ContactSearchText(c)}
}

// CreateContact inserts c and sets its ID.
func (db *DB) CreateContact(ctx context.Context, c *cases.Contact) error {
	var id int64
	err := db.write(ctx, func(r runner) (err error) {
		id, err = insertContact(ctx, r, c)
		return err
	})
	if err != nil {
		return db.fail("create contact", "contact", err)
	}
	c.ID = id
	return nil
}

func insertContact(ctx context.Context, r runner, c *cases.Contact) (int64, error) {
	args := append(contactValues(c), ts(c.CreatedAt))
	return r.insert(ctx, `INSERT INTO contacts (`+contactInsertColumns+`, created_at)
VALUES (`+placeholders(len(args))+`)`, args...)
}

// UpdateContact stores c and refreshes the search text of every case it
// submitted, in one transaction.
func (db *DB) UpdateContact(ctx context.Context, c *cases.Contact) error {
	err := db.write(ctx, func(r runner) error {
		args := append(contactValues(c), c.ID)
		res, err := r.exec(ctx, `UPDATE contacts SET kind = ?, vip = ?, title_before = ?,
  first_name = ?, last_name = ?, title_after = ?, birth_date = ?, employer = ?, district = ?,
  phone = ?, mobile = ?, email = ?, data_box = ?, company_id = ?, street = ?, postcode = ?,
  city = ?, delivery_street = ?, delivery_postcode = ?, delivery_city = ?, note = ?,
  updated_at = ?, sort_name = ?, search = ?
WHERE id = ?`, args...)
		if err := expectRow(res, err, notFound("contact", c.ID)); err != nil {
			return err
		}
		return refreshCaseSearch(ctx, r, c)
	})
	return db.fail("update contact", "contact", err)
}

// refreshCaseSearch recomputes the search text of the cases c submitted.
func refreshCaseSearch(ctx context.Context, r runner, c *cases.Contact) error {
	rows, err := r.query(ctx, `SELECT id, number, subject, description FROM cases WHERE submitter_id = ?`, c.ID)
	list, err := scanAll(rows, err, func(k *cases.Case) []any {
		return []any{&k.ID, &k.Number, &k.Subject, &k.Description}
	})
	if err != nil {
		return err
	}
	for i := range list {
		if _, err := r.exec(ctx, `UPDATE cases SET search = ? WHERE id = ?`,
			cases.SearchText(&list[i], c), list[i].ID); err != nil {
			return err
		}
	}
	return nil
}

// Contact returns the contact with the given id.
func (db *DB) Contact(ctx context.Context, id int64) (*cases.Contact, error) {
	c, err := contactByID(ctx, db.reader(), id)
	if err != nil {
		return nil, db.fail("load contact", "contact", err)
	}
	return c, nil
}

func contactByID(ctx context.Context, r runner, id int64) (*cases.Contact, error) {
	var c cases.Contact
	err := r.row(ctx, `SELECT `+contactColumns+` FROM contacts ct WHERE ct.id = ?`, id).Scan(contactDest(&c)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("contact", id)
	}
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// ListContacts returns one page of the contacts matching f, ordered by
// name, and how many match in all.
func (db *DB) ListContacts(ctx context.Context, f cases.ContactFilter) ([]cases.Contact, int, error) {
	var list []cases.Contact
	var total int
	err := db.read(ctx, func(r runner) error {
		w := &conds{}
		if len(f.Terms) > 0 {
			cond, args, err := db.d.search(ctx, r, "contacts", "ct", f.Terms, f.Phone != "" || f.Email != "")
			if err != nil {
				return err
			}
			w.addIf(cond != "", cond, args...)
		}
		w.addIf(f.Phone != "", "(ct.phone = ? OR ct.mobile = ?)", f.Phone, f.Phone)
		w.addIf(f.Email != "", "ct.email = ?", strings.ToLower(f.Email))
		where := ""
		if len(w.list) > 0 {
			where = " WHERE " + strings.Join(w.list, " AND ")
		}
		if err := r.row(ctx, `SELECT count(*) FROM contacts ct`+where, w.args...).Scan(&total); err != nil {
			return err
		}
		rows, err := r.query(ctx, `SELECT `+contactColumns+` FROM contacts ct`+where+
			` ORDER BY ct.sort_name, ct.id LIMIT ? OFFSET ?`, append(w.args, db.limit(f.Limit), max(f.Offset, 0))...)
		list, err = scanAll(rows, err, contactDest)
		return err
	})
	if err != nil {
		return nil, 0, db.fail("list contacts", "contact", err)
	}
	return list, total, nil
}

// ContactsByPhone returns the contacts whose phone or mobile is e164.
func (db *DB) ContactsByPhone(ctx context.Context, e164 string) ([]cases.Contact, error) {
	if e164 == "" {
		return []cases.Contact{}, nil
	}
	rows, err := db.reader().query(ctx, `SELECT `+contactColumns+` FROM contacts ct
WHERE ct.phone = ? OR ct.mobile = ? ORDER BY ct.sort_name, ct.id`, e164, e164)
	list, err := scanAll(rows, err, contactDest)
	if err != nil {
		return nil, db.fail("find contacts by phone", "contact", err)
	}
	return list, nil
}

// limit is the LIMIT argument of a page of n rows; n <= 0 means all.
func (db *DB) limit(n int) any {
	if n <= 0 {
		return db.d.noLimit()
	}
	return n
}
