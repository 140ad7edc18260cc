package imapintake

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"linka/cases"
)

// batch is how many messages one FETCH and one MOVE handle.
const batch = 25

// session runs one connection: select the folder, take in what is there,
// then wait (IDLE or poll) for more, until an error or ctx ends.
func (m *Mailbox) session(ctx context.Context) error {
	newMail := make(chan struct{}, 1)
	c, err := m.dial(newMail)
	if err != nil {
		return err
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := m.ensureFolders(c); err != nil {
		return err
	}
	sel, err := c.Select(m.opts.Folder, nil).Wait()
	if err != nil {
		return fmt.Errorf("select %q: %w", m.opts.Folder, err)
	}
	idle := (c.Caps().Has(imap.CapIdle) || c.Caps().Has(imap.CapIMAP4rev2)) && !m.opts.NoIdle
	m.tracker.Update(func(st *cases.IntakeStatus) { st.Connected, st.Idle = true, idle })
	m.log.Info("mailbox connected", "folder", m.opts.Folder, "uidvalidity", sel.UIDValidity,
		"messages", sel.NumMessages, "idle", idle)
	for {
		if err := m.scan(ctx, c, sel.UIDValidity); err != nil {
			return err
		}
		m.tracker.Polled(m.opts.Now())
		if err := m.wait(ctx, c, idle, newMail); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return nil
		}
		// A changed UIDVALIDITY shows in a new SELECT; the references by
		// Message-ID and content keep the messages from being taken twice.
		if sel, err = c.Select(m.opts.Folder, nil).Wait(); err != nil {
			return fmt.Errorf("select %q: %w", m.opts.Folder, err)
		}
	}
}

// wait returns when new mail may have arrived: at an IDLE notification or
// after the poll interval.
func (m *Mailbox) wait(ctx context.Context, c *imapclient.Client, idle bool, newMail <-chan struct{}) error {
	timer := time.NewTimer(m.opts.Poll)
	defer timer.Stop()
	if !idle {
		select {
		case <-ctx.Done():
		case <-timer.C:
		}
		return nil
	}
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("idle: %w", err)
	}
	select {
	case <-ctx.Done():
		return nil
	case <-timer.C:
	case <-newMail:
	case <-c.Closed():
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("end idle: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("idle: %w", err)
	}
	return nil
}

// scan takes in every message of the folder not yet handled.
func (m *Mailbox) scan(ctx context.Context, c *imapclient.Client, uidValidity uint32) error {
	crit := &imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagDeleted, KeywordFailed}}
	if m.opts.MoveTo == "" {
		crit.NotFlag = append(crit.NotFlag, KeywordDone)
	}
	data, err := c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	uids := data.AllUIDs()
	for len(uids) > 0 && ctx.Err() == nil {
		n := min(batch, len(uids))
		groups, err := m.groups(c, uids[:n])
		if err != nil {
			return err
		}
		for _, g := range groups {
			if err := m.batch(ctx, c, uidValidity, g); err != nil {
				return err
			}
		}
		uids = uids[n:]
	}
	return nil
}

// batchBytes bounds the size of the messages one batch holds in memory.
const batchBytes = 64 << 20

// groups splits uids into groups of at most batchBytes of messages (a
// larger message alone), in order, by their RFC822.SIZE.
func (m *Mailbox) groups(c *imapclient.Client, uids []imap.UID) ([][]*imapclient.FetchMessageBuffer, error) {
	meta, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return nil, fmt.Errorf("fetch sizes: %w", err)
	}
	var out [][]*imapclient.FetchMessageBuffer
	var cur []*imapclient.FetchMessageBuffer
	var size int64
	for _, b := range meta {
		n := min(b.RFC822Size, m.opts.MaxMessage)
		if len(cur) > 0 && size+n > batchBytes {
			out, cur, size = append(out, cur), nil, 0
		}
		cur, size = append(cur, b), size+n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

// outcome is where a handled message goes.
type outcome int

const (
	done    outcome = iota // registered or a duplicate
	skipped                // automatic
	failed                 // cannot be registered
)

// batch fetches, registers and then moves or flags a group of messages.
// Messages are moved only after their case is committed; a crash between
// the two leaves them in the folder, and the next scan finds them
// registered (a duplicate) and moves them then.
func (m *Mailbox) batch(ctx context.Context, c *imapclient.Client, uidValidity uint32, meta []*imapclient.FetchMessageBuffer) error {
	msgs, err := m.fetch(c, meta)
	if err != nil {
		return err
	}
	// Messages are registered by Workers goroutines: the store serialises
	// the transactions, the blob writes and their fsyncs overlap.
	type result struct {
		out outcome
		err error
	}
	results := make([]result, len(msgs))
	sem := make(chan struct{}, m.opts.Workers)
	var wg sync.WaitGroup
	for i, msg := range msgs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out, err := m.handle(ctx, uidValidity, msg)
			results[i] = result{out, err}
		}()
	}
	wg.Wait()
	var sets [3]imap.UIDSet
	var errs []error
	for i, r := range results {
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		sets[r.out].AddNum(msgs[i].UID)
	}
	return errors.Join(append(errs, m.finish(c, sets))...)
}

// fetch returns the messages with their date and content; messages over
// MaxMessage come with their header only.
func (m *Mailbox) fetch(c *imapclient.Client, meta []*imapclient.FetchMessageBuffer) ([]*imapclient.FetchMessageBuffer, error) {
	var whole, big imap.UIDSet
	for _, b := range meta {
		if b.RFC822Size > m.opts.MaxMessage {
			big.AddNum(b.UID)
		} else {
			whole.AddNum(b.UID)
		}
	}
	var out []*imapclient.FetchMessageBuffer
	for _, f := range []struct {
		set     imap.UIDSet
		section *imap.FetchItemBodySection
	}{{whole, bodySection}, {big, headerSection}} {
		if len(f.set) == 0 {
			continue
		}
		bufs, err := c.Fetch(f.set, &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true,
			BodySection: []*imap.FetchItemBodySection{f.section}}).Collect()
		if err != nil {
			return nil, fmt.Errorf("fetch messages: %w", err)
		}
		out = append(out, bufs...)
	}
	return out, nil
}

var (
	bodySection   = &imap.FetchItemBodySection{Peek: true}
	headerSection = &imap.FetchItemBodySection{Peek: true, Specifier: imap.PartSpecifierHeader}
)

// handle registers one message. It returns an error only for a failure
// that should stop the session (the store is unreachable); a message that
// keeps failing is set aside after three attempts.
func (m *Mailbox) handle(ctx context.Context, uidValidity uint32, msg *imapclient.FetchMessageBuffer) (outcome, error) {
	raw := msg.FindBodySection(bodySection)
	headerOnly := false
	if raw == nil {
		raw, headerOnly = msg.FindBodySection(headerSection), true
	}
	p := Parse(raw, m.opts.MaxAttachment)
	log := m.log.With("uid", msg.UID, "message_id", p.MessageID)
	for _, pr := range p.Problems {
		log.Warn("message partly unreadable; registered with its original attached", "problem", pr)
	}
	if p.Auto != "" {
		log.Info("automatic message skipped", "reason", p.Auto, "from", p.FromAddr, "subject", p.Subject)
		m.tracker.Update(func(st *cases.IntakeStatus) { st.Skipped++ })
		return skipped, nil
	}
	ref := cases.IMAPRef(m.opts.Name, m.opts.Folder, uidValidity, uint32(msg.UID))
	item := p.Item(ref, msg.InternalDate)
	item.KeepInformed = m.opts.KeepSendersInformed
	if headerOnly {
		item.Files = item.Files[:0]
		item.Omitted = append(item.Omitted, cases.OmittedFile{Name: "zprava.eml", Size: msg.RFC822Size,
			Reason: fmt.Sprintf("the message is larger than %d MiB; the original stays in the mailbox %s", m.opts.MaxMessage>>20, m.opts.Name)})
	}
	res, err := m.reg.Intake(ctx, item)
	if err != nil && ctx.Err() != nil {
		return done, err
	}
	if err != nil {
		// An internal error (the store is unreachable) is retried after
		// reconnecting; a rejected message, or one that fails five times,
		// is set aside.
		attempt := m.failed(ref, true)
		log.Error("message cannot be registered", "err", err, "attempt", attempt)
		if cases.ErrorCode(err) == cases.EInternal && attempt < 5 {
			return done, fmt.Errorf("register message %d: %w", msg.UID, err)
		}
		m.failed(ref, false)
		m.tracker.Update(func(st *cases.IntakeStatus) { st.Failed++ })
		return failed, nil
	}
	m.failed(ref, false)
	m.tracker.Count(res)
	log.Info("message registered", "case", res.Case.Number, "reply", res.Activity != nil,
		"duplicate", res.Duplicate, "omitted", len(res.Omitted))
	return done, nil
}

// failed counts a failed attempt at ref and returns the count, or, with
// add false, forgets ref.
func (m *Mailbox) failed(ref string, add bool) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !add {
		delete(m.failures, ref)
		return 0
	}
	m.failures[ref]++
	return m.failures[ref]
}

// finish moves or flags the handled messages of a batch.
func (m *Mailbox) finish(c *imapclient.Client, sets [3]imap.UIDSet) error {
	for out, dest := range []struct {
		folder  string
		keyword imap.Flag
	}{done: {m.opts.MoveTo, KeywordDone}, skipped: {m.opts.SkippedTo, KeywordDone}, failed: {m.opts.ErrorTo, KeywordFailed}} {
		set := sets[out]
		if len(set) == 0 {
			continue
		}
		if dest.folder != "" {
			if _, err := c.Move(set, dest.folder).Wait(); err != nil {
				return fmt.Errorf("move to %q: %w", dest.folder, err)
			}
			continue
		}
		err := c.Store(set, &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
			Flags: []imap.Flag{dest.keyword, imap.FlagSeen}}, nil).Close()
		if err != nil {
			return fmt.Errorf("flag %s: %w", dest.keyword, err)
		}
	}
	return nil
}
