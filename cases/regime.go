package cases

import (
	"slices"
	"strings"
	"time"

	"linka/internal/workdays"
)

// Regime is the legal regime a case type follows: it decides how the
// deadline is counted, whether it can be extended, how and when a case may
// be forwarded and what resolving it records. The numbers (days) live on
// the case type, so an admin can adjust them; the rules live here.
type Regime string

// The regimes. RegimeNone is a type with only a plain deadline.
const (
	RegimeNone        Regime = ""
	RegimeGeneral     Regime = "general"      // podání, § 42 správního řádu
	RegimeComplaint   Regime = "complaint"    // stížnost, § 175 správního řádu
	RegimeInfoRequest Regime = "info_request" // žádost o informace, zákon č. 106/1999 Sb.
	RegimePetition    Regime = "petition"     // petice, zákon č. 85/1990 Sb.
	RegimeProposal    Regime = "proposal"     // návrh/podnět občana obce, § 16 odst. 2 písm. g) zákona o obcích
)

// Regimes lists every regime, RegimeNone first.
var Regimes = []Regime{RegimeNone, RegimeGeneral, RegimeComplaint, RegimeInfoRequest, RegimePetition, RegimeProposal}

// Valid reports whether r is a known regime.
func (r Regime) Valid() bool { return slices.Contains(Regimes, r) }

// DefaultCaseTypes returns the case types Linka ships, one per regime,
// with the statutory periods. An admin may change the names and numbers.
func DefaultCaseTypes() []CaseType {
	return []CaseType{
		{Code: "podani", Name: "Podání (§ 42 správního řádu)", Regime: RegimeGeneral, DeadlineDays: 30, Active: true},
		{Code: "stiznost", Name: "Stížnost (§ 175 správního řádu)", Regime: RegimeComplaint, DeadlineDays: 60, Active: true},
		{Code: "info", Name: "Žádost o informace (zákon č. 106/1999 Sb.)", Regime: RegimeInfoRequest,
			DeadlineDays: 15, ExtensionDays: 10, StepDays: 7, Active: true},
		{Code: "petice", Name: "Petice (zákon č. 85/1990 Sb.)", Regime: RegimePetition, DeadlineDays: 30, ForwardDays: 5, Active: true},
		{Code: "navrh", Name: "Návrh občana obce (§ 16 zákona o obcích)", Regime: RegimeProposal,
			DeadlineDays: 60, ExtensionDays: 30, Active: true},
	}
}

// Extension reasons of an information request, § 14 odst. 7 zákona
// č. 106/1999 Sb.; no other reason allows an extension.
const (
	ExtendElsewhere    = "14_7_a" // search in other offices' premises
	ExtendVolume       = "14_7_b" // a large amount of separate and different information
	ExtendConsultation = "14_7_c" // consultation with another body
)

// InfoExtensionReasons lists the § 14(7) reasons.
var InfoExtensionReasons = []string{ExtendElsewhere, ExtendVolume, ExtendConsultation}

// oral reports whether c is an oral information request (a phone
// enquiry), which has no statutory deadline.
func oral(c *Case) bool { return c.Source == SourcePhone }

// regimeOf returns the regime of c's type (RegimeNone without a type).
func regimeOf(c *Case, ct *CaseType) Regime {
	if ct == nil {
		return RegimeNone
	}
	return ct.Regime
}

// periodStart returns the event c's deadline counts from: the day the
// request was completed when it was (an information request's period
// starts again), else the day of receipt in Prague.
func periodStart(c *Case) workdays.Date {
	if !c.DeadlineFrom.IsZero() {
		return c.DeadlineFrom
	}
	return workdays.DateOf(c.ReceivedAt)
}

// periodDays returns the length of c's period in days under ct, or 0 when
// c has no statutory deadline: an oral information request, a general
// submission whose submitter did not ask for a reply.
func periodDays(c *Case, ct *CaseType, defaultDays int) int {
	if ct == nil {
		if defaultDays <= 0 {
			return 0
		}
		return defaultDays + c.ExtensionDays
	}
	switch ct.Regime {
	case RegimeInfoRequest:
		if oral(c) {
			return 0
		}
	case RegimeGeneral:
		if !c.ReplyRequested {
			return 0
		}
	case RegimeProposal:
		if c.CouncilDecides {
			return ct.DeadlineDays + ct.ExtensionDays
		}
		return ct.DeadlineDays
	}
	if ct.DeadlineDays <= 0 {
		return 0
	}
	return ct.DeadlineDays + c.ExtensionDays
}

// regimeDeadline returns c's due date under ct (§ 40 správního řádu: the
// event day is not counted; a period ending on a weekend, public holiday
// or closed day ends on the next working day), or the zero Date.
func regimeDeadline(cal workdays.Calendar, c *Case, ct *CaseType, defaultDays int) workdays.Date {
	days := periodDays(c, ct, defaultDays)
	if days <= 0 {
		return workdays.Date{}
	}
	return cal.Deadline(periodStart(c), days)
}

// stepDeadline returns the last day of an information request's 7-day
// steps (a request to complete or clarify, deferral as not competent, a
// pointer to published information), counted from the period's start, or
// the zero Date for other regimes.
func stepDeadline(cal workdays.Calendar, c *Case, ct *CaseType) workdays.Date {
	if ct == nil || ct.Regime != RegimeInfoRequest || ct.StepDays <= 0 {
		return workdays.Date{}
	}
	return cal.Deadline(periodStart(c), ct.StepDays)
}

// forwardDeadline returns the last day to forward c to the competent body
// (a petition: 5 days from receipt), or the zero Date when the law says
// "without undue delay" (§ 12 správního řádu).
func forwardDeadline(cal workdays.Calendar, c *Case, ct *CaseType) workdays.Date {
	if ct == nil || ct.ForwardDays <= 0 {
		return workdays.Date{}
	}
	return cal.Deadline(workdays.DateOf(c.ReceivedAt), ct.ForwardDays)
}

// IdentityMissing returns what a written information request lacks of
// the applicant's identity data under § 14 odst. 2 zákona č. 106/1999 Sb.
// (a person: name, surname, date of birth, address for delivery or a data
// box; an organisation: name, IČO, registered address or a data box), as
// field names; nil when complete. A nil contact (anonymous) lacks all.
func IdentityMissing(ct *Contact) []string {
	if ct == nil {
		return []string{"name", "birth_date", "address"}
	}
	var out []string
	address := !ct.Address.Empty() || !ct.DeliveryAddress.Empty() || strings.TrimSpace(ct.DataBox) != ""
	if ct.Kind == KindOrganisation {
		if strings.TrimSpace(ct.LastName) == "" {
			out = append(out, "name")
		}
		if strings.TrimSpace(ct.CompanyID) == "" {
			out = append(out, "company_id")
		}
	} else {
		if strings.TrimSpace(ct.FirstName) == "" || strings.TrimSpace(ct.LastName) == "" {
			out = append(out, "name")
		}
		if ct.BirthDate.IsZero() {
			out = append(out, "birth_date")
		}
	}
	if !address {
		out = append(out, "address")
	}
	return out
}

// DueSoonDays is how many working days before its due date an open case
// counts as due soon.
const DueSoonDays = 3

// DueSoon reports whether c is open, not yet overdue, and due within
// DueSoonDays working days of now (Prague dates; public holidays and the
// office's closed days in cal are not working days).
func (c *Case) DueSoon(now time.Time, cal workdays.Calendar) bool {
	if !c.State.Open() || c.DueDate.IsZero() || c.Overdue(now) {
		return false
	}
	return cal.WorkdaysBetween(workdays.DateOf(now), c.DueDate) <= DueSoonDays
}
