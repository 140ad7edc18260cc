package cases

import (
	"context"
	"fmt"
)

// CreateContact stores a new contact.
func (s *Service) CreateContact(ctx context.Context, u *User, c *Contact) error {
	if !canWriteCases(u) {
		return Errorf(EForbidden, "you may not change contacts")
	}
	if err := c.Normalize(s.opts.Phone); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = s.Now(), s.Now()
	if err := s.store.CreateContact(ctx, c); err != nil {
		return fmt.Errorf("create contact: %w", err)
	}
	return nil
}

// UpdateContact stores changes to an existing contact.
func (s *Service) UpdateContact(ctx context.Context, u *User, c *Contact) error {
	if !canWriteCases(u) {
		return Errorf(EForbidden, "you may not change contacts")
	}
	old, err := s.store.Contact(ctx, c.ID)
	if err != nil {
		return err
	}
	if err := c.Normalize(s.opts.Phone); err != nil {
		return err
	}
	if err := c.Validate(); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt = old.CreatedAt, s.Now()
	if err := s.store.UpdateContact(ctx, c); err != nil {
		return fmt.Errorf("update contact: %w", err)
	}
	return nil
}

// Contact returns a contact and writes the read to the access log.
func (s *Service) Contact(ctx context.Context, u *User, id int64) (*Contact, error) {
	if !canReadContacts(u) {
		return nil, notFound("contact")
	}
	c, err := s.store.Contact(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.logAccess(ctx, u, ObjectContact, c.ID, "read"); err != nil {
		return nil, err
	}
	return c, nil
}

// ContactQuery is a contact search as a user asks it.
type ContactQuery struct {
	Text   string
	Phone  string
	Email  string
	Limit  int // 0 means 50; at most 500
	Offset int
}

// ListContacts searches contacts by name, phone or e-mail.
func (s *Service) ListContacts(ctx context.Context, u *User, q ContactQuery) ([]Contact, int, error) {
	if !canReadContacts(u) {
		return nil, 0, nil
	}
	f := ContactFilter{Terms: SearchTerms(q.Text), Email: q.Email, Limit: q.Limit, Offset: q.Offset}
	if q.Phone != "" {
		f.Phone = s.opts.Phone.Lookup(q.Phone)
		if f.Phone == "" {
			return nil, 0, Invalid("phone", "%q is not a telephone number", q.Phone)
		}
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Limit < 0 || f.Limit > 500 || f.Offset < 0 {
		return nil, 0, Invalid("limit", "limit must be 1–500 and offset not negative")
	}
	list, total, err := s.store.ListContacts(ctx, f)
	if err != nil {
		return nil, 0, fmt.Errorf("list contacts: %w", err)
	}
	return list, total, nil
}

// LookupCaller returns the contacts whose phone or mobile matches a caller
// number in any format; withheld and internal numbers match nothing.
func (s *Service) LookupCaller(ctx context.Context, u *User, number string) ([]Contact, error) {
	if !canReadContacts(u) {
		return nil, nil
	}
	n := s.opts.Phone.Lookup(number)
	if n == "" {
		return nil, nil
	}
	// A caller-id match is not logged as a read, like a line of the
	// register: the calls list shows it on every refresh. Opening the
	// contact or its case is logged.
	return s.store.ContactsByPhone(ctx, n)
}
