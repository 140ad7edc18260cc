package cases

import (
	"slices"
	"testing"

	"linka/internal/workdays"
)

func TestNotificationsFor(t *testing.T) {
	base := Case{State: StateAssigned, DepartmentID: 1, DueDate: workdays.NewDate(2026, 5, 4)}
	with := func(mod func(c *Case)) *Case { c := base; mod(&c); return &c }
	tests := []struct {
		name   string
		before *Case
		after  *Case
		action string
		want   []NotificationKind
	}{
		{"new case", nil, &base, "", []NotificationKind{NotifyReceived}},
		{"accepted", with(func(c *Case) { c.State = StateNew }), &base, "", []NotificationKind{NotifyAccepted}},
		{"taken straight into work", with(func(c *Case) { c.State = StateNew }), with(func(c *Case) { c.State = StateInProgress }), "", []NotificationKind{NotifyAccepted}},
		{"work started", &base, with(func(c *Case) { c.State = StateInProgress }), "", nil},
		{"other department", &base, with(func(c *Case) { c.DepartmentID = 2 }), "", []NotificationKind{NotifyHandedOver}},
		{"other official", &base, with(func(c *Case) { c.AssignedTo = 9 }), "", nil},
		{"extended", &base, with(func(c *Case) { c.DueDate = workdays.NewDate(2026, 6, 4) }), "", []NotificationKind{NotifyDeadlineExtended}},
		{"shortened", &base, with(func(c *Case) { c.DueDate = workdays.NewDate(2026, 4, 4) }), "", nil},
		{"waiting", &base, with(func(c *Case) { c.State = StateWaiting }), "", []NotificationKind{NotifyWaiting}},
		{"resolved", &base, with(func(c *Case) { c.State = StateResolved }), "", []NotificationKind{NotifyResolved}},
		{"rejected", &base, with(func(c *Case) { c.State = StateRejected }), "", []NotificationKind{NotifyRejected}},
		{"forwarded", &base, with(func(c *Case) { c.State = StateForwarded }), "", []NotificationKind{NotifyForwarded}},
		{"deferred", &base, with(func(c *Case) { c.State = StateDeferred; c.DueDate = workdays.NewDate(2027, 1, 1) }), "", []NotificationKind{NotifyDeferred}},
		{"reopened", with(func(c *Case) { c.State = StateResolved }), with(func(c *Case) { c.State = StateInProgress }), "", nil},
		{"action handover", &base, with(func(c *Case) { c.AssignedTo = 9 }), "handover", []NotificationKind{NotifyHandedOver}},
		{"action extend", &base, with(func(c *Case) { c.DueDate = workdays.NewDate(2026, 6, 4) }), "extend", []NotificationKind{NotifyDeadlineExtended}},
		{"action assign to a new case", with(func(c *Case) { c.State = StateNew }), &base, "assign", []NotificationKind{NotifyAccepted}},
		{"action take", &base, with(func(c *Case) { c.State = StateInProgress }), "take", nil},
		{"action reopen", with(func(c *Case) { c.State = StateResolved }), with(func(c *Case) { c.State = StateInProgress }), "reopen", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := notificationsFor(tt.before, tt.after, tt.action); !slices.Equal(got, tt.want) {
				t.Errorf("notificationsFor = %v, want %v", got, tt.want)
			}
		})
	}
}
