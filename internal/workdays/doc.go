// Package workdays is the Czech calendar of Linka: civil dates in Europe/Prague,
// public holidays, working days and the arithmetic of legal deadlines.
//
// # Public holidays
//
// Czech public holidays are set by zákon č. 245/2000 Sb., o státních svátcích,
// o ostatních svátcích, o významných dnech a o dnech pracovního klidu. Its § 1 lists
// the state holidays (1 January, 8 May, 5 and 6 July, 28 September, 28 October,
// 17 November) and its § 2 the other holidays (New Year's Day, Good Friday, Easter
// Monday, 1 May, 24, 25 and 26 December); all of them are days of rest (§ 3).
// Good Friday was added by an amendment effective from 2016, so it is a holiday only
// from that year on. Easter Sunday is computed with the anonymous Gregorian algorithm
// (Meeus/Jones/Butcher), so no table has to be maintained. The current list is
// applied to every year; dates before 2001 are therefore not historically exact.
//
// # Deadlines
//
// Deadlines follow § 40 odst. 1 zákona č. 500/2004 Sb., správní řád:
//
//   - a) the day of the event that starts a period is not counted, the period starts
//     on the following day;
//   - c) a period in weeks, months or years ends on the day whose name or number
//     matches the day of the event; if the last month of the period has no such
//     day, it ends on the last day of that month;
//   - d) if the last day of a period falls on a Saturday, a Sunday or a public
//     holiday, the last day of the period is the next working day.
//
// [Calendar.Deadline] and [Calendar.DeadlineMonths] implement these rules. A
// [Calendar] may add office-specific closed days; they are treated like public
// holidays, including for deadlines. The zero Calendar is the plain legal calendar.
//
// # Time zone
//
// Every date is a civil date of Europe/Prague: [DateOf] converts an instant to the
// Prague date and [Date.Start] and [Date.End] convert a date back to instants. The
// program's main package imports time/tzdata, so the zone is always available.
package workdays
