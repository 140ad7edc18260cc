package report

// FOI is the annual report on information requests under §18(1) of Act
// No. 106/1999 Coll. (zákon o svobodném přístupu k informacím): the
// figures of a year, built from the workflow's data.
type FOI struct {
	// Requests received (§18(1)(a)) and the decisions refusing one
	// (wholly or in part).
	Requests, Refusals int
	// Appeals filed against decisions (§18(1)(b)).
	Appeals int
	// CourtReviews: judgments reviewing a refusal (§18(1)(c)).
	CourtReviews int
	// ExclusiveLicences granted (§18(1)(e)).
	ExclusiveLicences int
	// Complaints under §16a (§18(1)(f)) and how many per reason.
	Complaints int
	Reasons    []NamedCount
	// Available is false while the database has no information-request
	// data (the workflow's migration is missing): the figures are zero.
	Available bool
}
