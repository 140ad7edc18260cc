package cases

import (
	"context"
	"fmt"
	"time"
)

// Change is one decided step of a case's workflow: a transition, or a state
// change made through the generic edit. The Service decides it (who, what,
// the case after it) and hands it to the store in commit, which writes the
// case, its history rows and the activity in one transaction. Whatever
// must happen in the same transaction as the change — a citizen's
// notification in the outbox — belongs on this value.
type Change struct {
	Action Action    // what happened
	At     time.Time // when
	Actor  *User     // who (System() for Linka itself)
	Old    Case      // the case before the change
	// Case is the case after the change; its Version is the one loaded,
	// and the store increments it.
	Case *Case
	// Note is the text the action carries: the reason of a rejection,
	// deferral, extension or reopening, what is missing, the handover's
	// note, the response of a resolution, the body a case went to.
	Note     string
	History  []HistoryEntry
	Activity *Activity // a step added to the activity chain (handover, send back); nil if none
	// Notifications are the e-mails the change causes (commit fills them
	// in, see caseNotifications), queued in the same transaction.
	Notifications []*Notification
}

// StateChanged reports whether the change moved the case to another state.
func (ch *Change) StateChanged() bool { return ch.Old.State != ch.Case.State }

// commit carries a decided change to the store: the one place where the
// workflow's changes of a case are written.
func (s *Service) commit(ctx context.Context, ch *Change) error {
	ch.Case.UpdatedAt = ch.At
	notes, err := s.caseNotifications(ctx, &ch.Old, ch.Case, nil, string(ch.Action), ch.Note)
	if err != nil {
		return err
	}
	ch.Notifications = notes
	if err := s.store.ApplyChange(ctx, ch); err != nil {
		if isConflict(err) {
			return staleError()
		}
		return fmt.Errorf("%s case %s: %w", ch.Action, ch.Case.Number, err)
	}
	s.wakeOutbox(len(notes))
	return nil
}
