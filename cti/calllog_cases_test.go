package cti

import (
	"testing"

	"linka/cti/smdr"
)

// clMergeCases are the merge rules of the call log as examples.
func clMergeCases(t *testing.T, rec1 CallRecord, lines1 []any, cat func(...[]any) []any, one func(any) []any) []clMergeCase {
	in := DirectionIncoming
	final1 := lines1[2]
	withCaller := func(caller string) CallRecord {
		r := rec1
		r.Caller = caller
		return r
	}
	withEnd := func(end string) CallRecord {
		r := rec1
		r.EndedAt = clAt(t, end)
		return r
	}
	// A second call of the citizen at 101 two minutes after the first.
	rec2 := clRec(t, "c2", in, "602123456", "544503101", "101", "101", "09:33:25", "09:33:29", "09:33:59", EndCompleted)
	lines2 := []any{
		clLine("09:33", "101", "01", clIn("101"), "0'00", "00:00'00", "RC"),
		clLine("09:33", "101", "01", clIn("101"), "0'04", "00:00'00", "AN"),
		clLine("09:33", "101", "01", clIn("101"), "0'04", "00:00'30", ""),
	}
	merged2 := "csta+smdr:final id=c2 incoming 602123456>544503101 exts=101 ans=101 09:33:25-09:33:59 " +
		"ring=4s talk=30s end=completed co=01 cond= lines=3"
	// A blind transfer from 101 to 105 (as pbxsim prints it).
	transfer := []any{
		clLine("09:30", "101", "01", clIn("101"), "0'00", "00:00'00", "RC"),
		clLine("09:30", "101", "01", clIn("101"), "0'05", "00:00'00", "AN"),
		clLine("09:30", "101", "01", clIn("101"), "0'05", "00:00'20", "TR"),
		clLine("09:30", "105", "01", clIn("101"), "0'00", "00:00'00", "RC"),
		clLine("09:30", "105", "01", clIn("101"), "0'04", "00:00'00", "AN"),
		clLine("09:31", "105", "01", clIn("101"), "0'04", "00:00'50", ""),
	}
	recTransfer := clRec(t, "c1", in, "602123456", "544503101", "101,105", "101", "09:29:58", "09:30:03", "09:31:17", EndCompleted)
	withheld := []any{
		clLine("09:30", "102", "01", "<D>544503102<I>", "0'00", "00:00'00", "RC"),
		clLine("09:30", "102", "01", "<D>544503102<I>", "0'20", "00:00'00", "NA"),
	}
	recWithheld := clRec(t, "c1", in, "", "544503102", "102", "", "09:30:05", "", "09:30:25", EndMissed)
	recOut := clRec(t, "c1", DirectionOutgoing, "103", "777123456", "103", "", "09:30:05", "09:30:14", "09:30:59", EndCompleted)
	lineOut := clLine("09:30", "103", "01", "0777123456", "", "00:00'45", "")
	recIntercom := clRec(t, "c1", DirectionInternal, "101", "102", "101,102", "102", "09:30:02", "09:30:05", "09:30:45", EndCompleted)
	lineIntercom := clLine("09:30", "101", "", "EXT102", "", "00:00'40", "")
	smdrOnly1 := "smdr:final id=smdr incoming 602123456>544503101 exts=101 ans=101 09:29:32-09:31:00 " +
		"ring=5s talk=1m23s end=completed co=01 cond= lines=3"
	// smdrFinal1 is the row of the final line of clCall1 alone.
	smdrFinal1 := "smdr:final id=smdr incoming 602123456>544503101 exts=101 ans=101 09:29:32-09:31:00 " +
		"ring=5s talk=1m23s end=completed co=01 cond= lines=1"
	return []clMergeCase{
		{name: "CSTA then SMDR", steps: cat(one(rec1), lines1), want: []string{clMerged1}, observed: "c1"},
		{name: "SMDR then CSTA", steps: cat(lines1, one(rec1)), want: []string{clMerged1}, observed: "c1"},
		{name: "SMDR lines between a retried record", steps: cat(one(rec1), lines1, one(rec1)),
			want: []string{clMerged1}, observed: "c1 c1"},
		{name: "RC, AN and final lines are one row", steps: lines1, want: []string{smdrOnly1}, observed: "smdr"},
		{name: "an import read twice changes nothing", steps: cat(lines1, lines1), want: []string{smdrOnly1}, observed: "smdr"},
		{name: "a final line alone", steps: one(final1), observed: "smdr", want: []string{smdrFinal1}},
		{name: "NA is a missed call", observed: "smdr", steps: []any{
			clLine("09:30", "600", "01", clIn("600"), "0'00", "00:00'00", "RC"),
			clLine("09:31", "600", "01", clIn("600"), "1'35", "00:00'00", "NA"),
		}, want: []string{
			"smdr:final id=smdr incoming 602123456>544503600 exts=600 ans= 09:29:25-09:31:00 ring=1m35s talk=0s end=missed co=01 cond=NA lines=2 missed"}},
		{name: "a group call answered without an AN line is joined by the trunk", observed: "smdr", steps: []any{
			clLine("09:30", "600", "01", clIn("600"), "0'00", "00:00'00", "RC"),
			clLine("09:31", "102", "01", clIn("600"), "0'07", "00:01'00", ""),
		}, want: []string{
			"smdr:final id=smdr incoming 602123456>544503600 exts=600,102 ans=102 09:29:53-09:31:00 ring=7s talk=1m0s end=completed co=01 cond= lines=2"}},
		{name: "a provisional row while the call rings", steps: lines1[:1], observed: "", want: []string{
			"smdr:interim id=smdr incoming 602123456>544503101 exts=101 ans= 09:30:00-09:30:00 ring=0s talk=0s end= co=01 cond= lines=1"}},
		{name: "outside prefix in the record", steps: cat(one(withCaller("0602123456")), one(final1)), observed: "c1",
			want: []string{"csta+smdr:final id=c1 incoming 0602123456>544503101 exts=101 ans=101 09:30:10-09:31:38 ring=5s talk=1m23s end=completed co=01 cond= lines=1"}},
		{name: "+420 in the record", steps: cat(one(final1), one(withCaller("+420 602 123 456"))), observed: "c1",
			want: []string{"csta+smdr:final id=c1 incoming +420 602 123 456>544503101 exts=101 ans=101 09:30:10-09:31:38 ring=5s talk=1m23s end=completed co=01 cond= lines=1"}},
		{name: "no normaliser: the last nine digits", opts: func(o *CallLogOptions) { o.Normalize = nil },
			steps: cat(one(final1), one(withCaller("00420602123456"))), observed: "c1",
			want: []string{"csta+smdr:final id=c1 incoming 00420602123456>544503101 exts=101 ans=101 09:30:10-09:31:38 ring=5s talk=1m23s end=completed co=01 cond= lines=1"}},
		{name: "another number is another call", steps: cat(one(withCaller("602123457")), one(final1)), observed: "c1 smdr",
			want: []string{smdrFinal1,
				"csta id=c1 incoming 602123457>544503101 exts=101 ans=101 09:30:10-09:31:38 ring=5s talk=1m23s end=completed co= cond= lines=0"}},
		{name: "the record ends in the last instant of the printed minute", steps: cat(one(withEnd("09:31:59.999")), one(final1)),
			observed: "c1", want: []string{"csta+smdr:final id=c1 incoming 602123456>544503101 exts=101 ans=101 09:30:10-09:31:59 ring=5s talk=1m44.999s end=completed co=01 cond= lines=1"}},
		{name: "the record ends 90 s after the printed minute (clocks apart)", steps: cat(one(final1), one(withEnd("09:33:30"))),
			observed: "c1", want: []string{"csta+smdr:final id=c1 incoming 602123456>544503101 exts=101 ans=101 09:30:10-09:33:30 ring=5s talk=3m15s end=completed co=01 cond= lines=1"}},
		{name: "the record ends 2.5 min after the printed minute", steps: cat(one(final1), one(withEnd("09:34:30"))),
			observed: "c1 smdr", want: []string{smdrFinal1,
				"csta id=c1 incoming 602123456>544503101 exts=101 ans=101 09:30:10-09:34:30 ring=5s talk=4m15s end=completed co= cond= lines=0"}},
		{name: "two calls of one number minutes apart, SMDR only", steps: cat(lines1, lines2), observed: "smdr smdr", want: []string{smdrOnly1,
			"smdr:final id=smdr incoming 602123456>544503101 exts=101 ans=101 09:32:26-09:33:00 ring=4s talk=30s end=completed co=01 cond= lines=3"}},
		{name: "two calls of one number, lines first", steps: cat(lines1, lines2, one(rec1), one(rec2)),
			want: []string{clMerged1, merged2}, observed: "c1 c2"},
		{name: "two calls of one number, records first", steps: cat(one(rec1), one(rec2), lines1, lines2),
			want: []string{clMerged1, merged2}, observed: "c1 c2"},
		{name: "two calls of one number, as they happen", steps: cat(lines1, one(rec1), lines2, one(rec2)),
			want: []string{clMerged1, merged2}, observed: "c1 c2"},
		{name: "a blind transfer, SMDR only", steps: transfer, observed: "smdr", want: []string{
			"smdr:final id=smdr incoming 602123456>544503101 exts=101,105 ans=101 09:29:35-09:31:00 ring=5s talk=1m20s end=completed co=01 cond=TR lines=6"}},
		{name: "a blind transfer, lines first", steps: cat(transfer, one(recTransfer)), observed: "c1", want: []string{
			"csta+smdr:final id=c1 incoming 602123456>544503101 exts=101,105 ans=101 09:29:58-09:31:17 ring=5s talk=1m14s end=completed co=01 cond=TR lines=6"}},
		{name: "a blind transfer, record first", steps: cat(one(recTransfer), transfer), observed: "c1", want: []string{
			"csta+smdr:final id=c1 incoming 602123456>544503101 exts=101,105 ans=101 09:29:58-09:31:17 ring=5s talk=1m14s end=completed co=01 cond=TR lines=6"}},
		{name: "a withheld caller missed", steps: cat(withheld, one(recWithheld)), observed: "c1", want: []string{
			"csta+smdr:final id=c1 incoming >544503102 exts=102 ans= 09:30:05-09:30:25 ring=20s talk=0s end=missed co=01 cond=NA lines=2 missed"}},
		{name: "an outgoing call", steps: cat(one(recOut), one(lineOut)), observed: "c1", want: []string{
			"csta+smdr:final id=c1 outgoing 103>777123456 exts=103 ans= 09:30:05-09:30:59 ring=9s talk=45s end=completed co=01 cond= lines=1"}},
		{name: "an outgoing call, SMDR only", steps: one(lineOut), observed: "smdr", want: []string{
			"smdr:final id=smdr outgoing 103>0777123456 exts=103 ans= 09:29:15-09:30:00 ring=0s talk=45s end=completed co=01 cond= lines=1"}},
		{name: "an intercom call", steps: cat(one(lineIntercom), one(recIntercom)), observed: "c1", want: []string{
			"csta+smdr:final id=c1 internal 101>102 exts=101,102 ans=102 09:30:02-09:30:45 ring=3s talk=40s end=completed co= cond= lines=1"}},
		{name: "an intercom call, SMDR only", steps: one(lineIntercom), observed: "smdr", want: []string{
			"smdr:final id=smdr internal 101>102 exts=101,102 ans=102 09:29:20-09:30:00 ring=0s talk=40s end=completed co= cond= lines=1"}},
		{name: "an incoming line does not merge with an outgoing record", steps: cat(one(recOut), one(clLine("09:30", "103", "01", "<D>544503103<I>777123456", "0'01", "00:00'45", ""))),
			observed: "c1 smdr", want: []string{
				"smdr:final id=smdr incoming 777123456>544503103 exts=103 ans=103 09:29:14-09:30:00 ring=1s talk=45s end=completed co=01 cond= lines=1",
				"csta id=c1 outgoing 103>777123456 exts=103 ans= 09:30:05-09:30:59 ring=9s talk=45s end=completed co= cond= lines=0"}},
		{name: "status lines and headers are not calls", steps: []any{smdr.Header(smdr.PatternA),
			clLine("09:30", "101", "", "LOG OUT", "", "", ""), ""}, observed: ""},
	}
}
