package cases

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"linka/internal/workdays"
)

// Handling is what the workflow and the legal regimes record on a case
// besides its state (see docs/workflow.md for the columns). It is embedded
// in Case; transitions set it, the generic edit does not.
type Handling struct {
	// DeadlineFrom is the event the deadline counts from when it is not
	// the day of receipt: the day an information request was completed
	// (the period starts again). Zero means the day of receipt.
	DeadlineFrom workdays.Date
	// ExtensionDays lengthens the period (an information request: up to
	// 10 days for a § 14(7) reason); ExtensionReason is the reason (a
	// § 14(7) code for information requests) and ExtendedAt when the
	// notice of the extension was recorded.
	ExtensionDays   int
	ExtensionReason string
	ExtendedAt      time.Time
	// LateReason records why the case was handled after its deadline (a
	// complaint resolved after 60 days, a petition forwarded after 5).
	LateReason string
	// Finding is a complaint's outcome (§ 175 odst. 5 správního řádu).
	Finding Finding
	// ForwardedTo names the competent body the case was forwarded to, with
	// its contact; ForwardedOn is the date it was sent.
	ForwardedTo string
	ForwardedOn workdays.Date
	// WaitingFor says what the office waits for from the citizen.
	WaitingFor string
	// CouncilDecides: a proposal the council decides on (90 days).
	CouncilDecides bool
	// ReplyRequested: the submitter of a general submission asked to be
	// informed (§ 42 správního řádu); without it there is no deadline.
	ReplyRequested bool
	// InfoOutcome is how an information request was resolved.
	InfoOutcome InfoOutcome
	// The annual report under § 18 zákona č. 106/1999 Sb.
	InfoReport
}

// InfoReport is what an information request records for the annual report
// under § 18 odst. 1 zákona č. 106/1999 Sb.
type InfoReport struct {
	// Refusal is the § 15 decision: "" none, RefusalWhole or RefusalPartial
	// (§ 18(1)(a)). It follows from InfoOutcome.
	Refusal Refusal
	// AppealFiled: an appeal against the decision was filed (§ 18(1)(b));
	// AppealOutcome is its result ("" while pending).
	AppealFiled   bool
	AppealOutcome AppealOutcome
	// CourtReview: a court reviewed the decision (§ 18(1)(c)); CourtOutcome
	// summarises the judgment.
	CourtReview  bool
	CourtOutcome string
	// ExclusiveLicence: an exclusive licence was granted (§ 18(1)(d));
	// LicenceReason is why it was necessary.
	ExclusiveLicence bool
	LicenceReason    string
	// Complaint16a: a complaint under § 16a was filed (§ 18(1)(e)), with its
	// reason and how it was dealt with.
	Complaint16a        bool
	Complaint16aReason  string
	Complaint16aOutcome string
}

// Finding is a complaint's outcome.
type Finding string

// The findings: důvodná, částečně důvodná, nedůvodná.
const (
	FindingJustified   Finding = "justified"
	FindingPartly      Finding = "partly"
	FindingUnjustified Finding = "unjustified"
)

// Findings lists every finding.
var Findings = []Finding{FindingJustified, FindingPartly, FindingUnjustified}

// InfoOutcome is how an information request was resolved.
type InfoOutcome string

// The outcomes of an information request.
const (
	InfoProvided     InfoOutcome = "provided"      // poskytnuto
	InfoPointer      InfoOutcome = "pointer"       // odkaz na zveřejněnou informaci (§ 6)
	InfoRefused      InfoOutcome = "refused"       // rozhodnutí o odmítnutí (§ 15)
	InfoPartRefused  InfoOutcome = "part_refused"  // částečně poskytnuto, částečně odmítnuto (§ 15)
	InfoNotCompleted InfoOutcome = "not_completed" // žadatel nedoplnil (§ 14 odst. 5 písm. c), odloženo
)

// InfoOutcomes lists the outcomes a resolution may record.
var InfoOutcomes = []InfoOutcome{InfoProvided, InfoPointer, InfoRefused, InfoPartRefused}

// Refusal is the kind of § 15 decision.
type Refusal string

// The refusals.
const (
	RefusalWhole   Refusal = "whole"
	RefusalPartial Refusal = "partial"
)

// AppealOutcome is the result of an appeal against a refusal.
type AppealOutcome string

// The appeal outcomes; "" is pending.
const (
	AppealConfirmed AppealOutcome = "confirmed" // the refusal was confirmed
	AppealAnnulled  AppealOutcome = "annulled"  // annulled and returned
	AppealChanged   AppealOutcome = "changed"   // changed by the appeal body
	AppealOrdered   AppealOutcome = "ordered"   // the office ordered to provide (§ 16 odst. 4)
)

// AppealOutcomes lists the outcomes, "" (pending) first.
var AppealOutcomes = []AppealOutcome{"", AppealConfirmed, AppealAnnulled, AppealChanged, AppealOrdered}

// validate checks the lengths and enumerations of h.
func (h *Handling) validate() error {
	for _, f := range []struct {
		field, v string
		max      int
	}{{"extension_reason", h.ExtensionReason, MaxShortText}, {"late_reason", h.LateReason, MaxShortText},
		{"forwarded_to", h.ForwardedTo, MaxShortText}, {"waiting_for", h.WaitingFor, MaxDescription},
		{"court_outcome", h.CourtOutcome, MaxDescription}, {"licence_reason", h.LicenceReason, MaxDescription},
		{"complaint_16a_reason", h.Complaint16aReason, MaxDescription},
		{"complaint_16a_outcome", h.Complaint16aOutcome, MaxDescription}} {
		if utf8.RuneCountInString(f.v) > f.max || !utf8.ValidString(f.v) {
			return Invalid(f.field, "the text is longer than %d characters", f.max)
		}
	}
	switch {
	case h.Finding != "" && !slices.Contains(Findings, h.Finding):
		return Invalid("finding", "unknown finding %q", h.Finding)
	case h.InfoOutcome != "" && h.InfoOutcome != InfoNotCompleted && !slices.Contains(InfoOutcomes, h.InfoOutcome):
		return Invalid("info_outcome", "unknown outcome %q", h.InfoOutcome)
	case h.Refusal != "" && h.Refusal != RefusalWhole && h.Refusal != RefusalPartial:
		return Invalid("refusal", "unknown refusal %q", h.Refusal)
	case !slices.Contains(AppealOutcomes, h.AppealOutcome):
		return Invalid("appeal_outcome", "unknown appeal outcome %q", h.AppealOutcome)
	case h.AppealOutcome != "" && !h.AppealFiled:
		return Invalid("appeal_outcome", "an appeal outcome needs a filed appeal")
	case h.ExtensionDays < 0 || h.ExtensionDays > 3650:
		return Invalid("extension_days", "the extension must be 0–3650 days")
	}
	return nil
}

// handlingFields returns the history fields of Handling that differ
// between a and b.
func handlingFields(a, b *Case) []field {
	str := func(name string, get func(*Case) string, public bool) field {
		return field{name, get(a) != get(b), get, public}
	}
	flag := func(name string, get func(*Case) bool) field {
		show := func(c *Case) string { return strconv.FormatBool(get(c)) }
		return field{name, get(a) != get(b), show, false}
	}
	return []field{
		str("deadline_from", func(c *Case) string { return c.DeadlineFrom.String() }, true),
		str("extension", func(c *Case) string {
			if c.ExtensionDays == 0 {
				return ""
			}
			return strconv.Itoa(c.ExtensionDays) + " " + c.ExtensionReason
		}, true),
		str("late_reason", func(c *Case) string { return c.LateReason }, false),
		str("finding", func(c *Case) string { return string(c.Finding) }, true),
		str("forwarded_to", func(c *Case) string { return c.ForwardedTo }, true),
		str("forwarded_on", func(c *Case) string { return c.ForwardedOn.String() }, true),
		str("waiting_for", func(c *Case) string { return c.WaitingFor }, true),
		flag("council_decides", func(c *Case) bool { return c.CouncilDecides }),
		flag("reply_requested", func(c *Case) bool { return c.ReplyRequested }),
		str("info_outcome", func(c *Case) string { return string(c.InfoOutcome) }, true),
		str("refusal", func(c *Case) string { return string(c.Refusal) }, false),
		flag("appeal_filed", func(c *Case) bool { return c.AppealFiled }),
		str("appeal_outcome", func(c *Case) string { return string(c.AppealOutcome) }, false),
		flag("court_review", func(c *Case) bool { return c.CourtReview }),
		str("court_outcome", func(c *Case) string { return c.CourtOutcome }, false),
		flag("exclusive_licence", func(c *Case) bool { return c.ExclusiveLicence }),
		str("licence_reason", func(c *Case) string { return c.LicenceReason }, false),
		flag("complaint_16a", func(c *Case) bool { return c.Complaint16a }),
		str("complaint_16a_reason", func(c *Case) string { return c.Complaint16aReason }, false),
		str("complaint_16a_outcome", func(c *Case) string { return c.Complaint16aOutcome }, false),
	}
}
