package pbxsim

import (
	"strings"
	"testing"
	"time"
)

// smdrScenario is a scripted scenario and the SMDR records it must print.
type smdrScenario struct {
	name string
	smdr SMDROptions
	play func(t *testing.T, p *PBX, clk *clock)
	want []smdrExp
}

// The scenarios start at 09:30:00 on 14 March 2025, Prague time; the
// default DDI of extension or group N is 544503N, the first trunk is 01.
const (
	scnDate   = "03/14/25"
	scnCaller = "602123456"
)

var smdrScenarios = []smdrScenario{
	{
		name: "incoming call answered",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := incoming(t, p, scnCaller, "101")
			clk.advance(sec(5))
			must(t, h.Answer("101"))
			clk.advance(sec(83))
			must(t, h.Hangup("101"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'05", "00:00'00", "", "AN"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=5s talk=0s cd=AN end=09:30"},
			{smdrLine(scnDate, "09:31AM", "101", "01", "<D>544503101<I>602123456", "0'05", "00:01'23", "", ""), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=5s talk=1m23s cd= end=09:31"},
		},
	},
	{
		name: "withheld caller missed",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := incoming(t, p, "", "102")
			clk.advance(sec(20))
			must(t, h.Hangup("T01"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "102", "01", "<D>544503102<I>", "0'00", "00:00'00", "", "RC"), "incoming ext=102 co=01 number= ddi=544503102 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:30AM", "102", "01", "<D>544503102<I>", "0'20", "00:00'00", "", "NA"), "incoming ext=102 co=01 number= ddi=544503102 ring=20s talk=0s cd=NA end=09:30"},
		},
	},
	{
		name: "group call answered by a member",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := incoming(t, p, scnCaller, "600")
			clk.advance(sec(7))
			must(t, h.Answer("102"))
			clk.advance(sec(60))
			must(t, h.Hangup("T01"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "600", "01", "<D>544503600<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=600 co=01 number=602123456 ddi=544503600 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:30AM", "102", "01", "<D>544503600<I>602123456", "0'07", "00:00'00", "", "AN"), "incoming ext=102 co=01 number=602123456 ddi=544503600 ring=7s talk=0s cd=AN end=09:30"},
			{smdrLine(scnDate, "09:31AM", "102", "01", "<D>544503600<I>602123456", "0'07", "00:01'00", "", ""), "incoming ext=102 co=01 number=602123456 ddi=544503600 ring=7s talk=1m0s cd= end=09:31"},
		},
	},
	{
		name: "call abandoned in the queue",
		play: func(t *testing.T, p *PBX, clk *clock) {
			for _, ext := range []string{"101", "102", "103"} {
				must(t, p.AgentLogout(ext))
			}
			h := incoming(t, p, scnCaller, "600")
			clk.advance(sec(95))
			must(t, h.Hangup(scnCaller))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "", "LOG OUT", "", "", "", ""), "LOG OUT ext=101 at=09:30"},
			{smdrLine(scnDate, "09:30AM", "102", "", "LOG OUT", "", "", "", ""), "LOG OUT ext=102 at=09:30"},
			{smdrLine(scnDate, "09:30AM", "103", "", "LOG OUT", "", "", "", ""), "LOG OUT ext=103 at=09:30"},
			{smdrLine(scnDate, "09:30AM", "600", "01", "<D>544503600<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=600 co=01 number=602123456 ddi=544503600 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:31AM", "600", "01", "<D>544503600<I>602123456", "1'35", "00:00'00", "", "NA"), "incoming ext=600 co=01 number=602123456 ddi=544503600 ring=1m35s talk=0s cd=NA end=09:31"},
		},
	},
	{
		name: "consultation transfer",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := incoming(t, p, scnCaller, "101")
			clk.advance(sec(5))
			must(t, h.Answer("101"))
			clk.advance(sec(30))
			must(t, h.ConsultAndTransfer("101", "104"))
			clk.advance(sec(60))
			must(t, h.Hangup("T01"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'05", "00:00'00", "", "AN"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=5s talk=0s cd=AN end=09:30"},
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'05", "00:00'30", "", "TR"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=5s talk=30s cd=TR end=09:30"},
			{smdrLine(scnDate, "09:31AM", "104", "01", "<D>544503101<I>602123456", "0'00", "00:01'00", "", ""), "incoming ext=104 co=01 number=602123456 ddi=544503101 ring=0s talk=1m0s cd= end=09:31"},
		},
	},
	{
		name: "blind transfer answered",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := incoming(t, p, scnCaller, "101")
			clk.advance(sec(5))
			must(t, h.Answer("101"))
			clk.advance(sec(20))
			must(t, h.BlindTransfer("105"))
			clk.advance(sec(4))
			must(t, h.Answer("105"))
			clk.advance(sec(50))
			must(t, h.Hangup("105"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'05", "00:00'00", "", "AN"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=5s talk=0s cd=AN end=09:30"},
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'05", "00:00'20", "", "TR"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=5s talk=20s cd=TR end=09:30"},
			{smdrLine(scnDate, "09:30AM", "105", "01", "<D>544503101<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=105 co=01 number=602123456 ddi=544503101 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:30AM", "105", "01", "<D>544503101<I>602123456", "0'04", "00:00'00", "", "AN"), "incoming ext=105 co=01 number=602123456 ddi=544503101 ring=4s talk=0s cd=AN end=09:30"},
			{smdrLine(scnDate, "09:31AM", "105", "01", "<D>544503101<I>602123456", "0'04", "00:00'50", "", ""), "incoming ext=105 co=01 number=602123456 ddi=544503101 ring=4s talk=50s cd= end=09:31"},
		},
	},
	{
		name: "blind transfer not answered",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := incoming(t, p, scnCaller, "101")
			must(t, h.Answer("101"))
			clk.advance(sec(40))
			must(t, h.BlindTransfer("105"))
			clk.advance(sec(25))
			must(t, h.Hangup("T01"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'00", "00:00'00", "", "AN"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=0s talk=0s cd=AN end=09:30"},
			{smdrLine(scnDate, "09:30AM", "101", "01", "<D>544503101<I>602123456", "0'00", "00:00'40", "", "TR"), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=0s talk=40s cd=TR end=09:30"},
			{smdrLine(scnDate, "09:30AM", "105", "01", "<D>544503101<I>602123456", "0'00", "00:00'00", "", "RC"), "incoming ext=105 co=01 number=602123456 ddi=544503101 ring=0s talk=0s cd=RC end=09:30"},
			{smdrLine(scnDate, "09:31AM", "105", "01", "<D>544503101<I>602123456", "0'25", "00:00'00", "", "NA"), "incoming ext=105 co=01 number=602123456 ddi=544503101 ring=25s talk=0s cd=NA end=09:31"},
		},
	},
	{
		name: "outgoing call",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := outbound(t, p, "103", "777123456")
			clk.advance(sec(10))
			must(t, h.Answer("777123456"))
			clk.advance(sec(45))
			must(t, h.Hangup("103"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "103", "01", "777123456", "", "00:00'45", "", ""), "outgoing ext=103 co=01 number=777123456 ddi= ring=0s talk=45s cd= end=09:30"},
		},
	},
	{
		name: "outgoing call not answered",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := outbound(t, p, "103", "777123456")
			clk.advance(sec(30))
			must(t, h.Hangup("103"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "103", "01", "777123456", "", "00:00'00", "", ""), "outgoing ext=103 co=01 number=777123456 ddi= ring=0s talk=0s cd= end=09:30"},
		},
	},
	{
		name: "intercom call",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := outbound(t, p, "101", "102")
			clk.advance(sec(3))
			must(t, h.Answer("102"))
			clk.advance(sec(40))
			must(t, h.Hangup("102"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "", "EXT102", "", "00:00'40", "", ""), "intercom ext=101 co= number=102 ddi= ring=0s talk=40s cd= end=09:30"},
		},
	},
	{
		name: "intercom call missed",
		play: func(t *testing.T, p *PBX, clk *clock) {
			h := outbound(t, p, "101", "102")
			clk.advance(sec(12))
			must(t, h.Hangup("101"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "", "EXT102", "0'12", "00:00'00", "", "NA"), "intercom ext=101 co= number=102 ddi= ring=12s talk=0s cd=NA end=09:30"},
		},
	},
	{
		name: "unknown number has no record",
		play: func(t *testing.T, p *PBX, clk *clock) {
			outbound(t, p, "101", "999")
		},
	},
	{
		name: "agent log-out and log-in",
		play: func(t *testing.T, p *PBX, clk *clock) {
			must(t, p.AgentLogout("102"))
			clk.advance(time.Hour)
			must(t, p.AgentNotReady("101"))
			must(t, p.AgentLogin("102"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "102", "", "LOG OUT", "", "", "", ""), "LOG OUT ext=102 at=09:30"},
			{smdrLine(scnDate, "10:30AM", "102", "", "LOG IN", "", "", "", ""), "LOG IN ext=102 at=10:30"},
		},
	},
	{
		name: "two calls on two trunks",
		smdr: SMDROptions{OmitRC: true, OmitAN: true},
		play: func(t *testing.T, p *PBX, clk *clock) {
			a := incoming(t, p, scnCaller, "101")
			b := incoming(t, p, "224123456", "544503102")
			must(t, a.Answer("101"))
			must(t, b.Answer("102"))
			clk.advance(sec(61))
			must(t, b.Hangup("102"))
			must(t, a.Hangup("101"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:31AM", "102", "02", "<D>544503102<I>224123456", "0'00", "00:01'01", "", ""), "incoming ext=102 co=02 number=224123456 ddi=544503102 ring=0s talk=1m1s cd= end=09:31"},
			{smdrLine(scnDate, "09:31AM", "101", "01", "<D>544503101<I>602123456", "0'00", "00:01'01", "", ""), "incoming ext=101 co=01 number=602123456 ddi=544503101 ring=0s talk=1m1s cd= end=09:31"},
		},
	},
	{
		name: "no RC, AN or NA lines",
		smdr: SMDROptions{OmitRC: true, OmitAN: true, OmitNA: true},
		play: func(t *testing.T, p *PBX, clk *clock) {
			missed := incoming(t, p, scnCaller, "102")
			h := incoming(t, p, scnCaller, "101")
			clk.advance(sec(5))
			must(t, h.Answer("101"))
			must(t, missed.Hangup("T01"))
			clk.advance(sec(10))
			must(t, h.Hangup("101"))
		},
		want: []smdrExp{
			{smdrLine(scnDate, "09:30AM", "101", "02", "<D>544503101<I>602123456", "0'05", "00:00'10", "", ""), "incoming ext=101 co=02 number=602123456 ddi=544503101 ring=5s talk=10s cd= end=09:30"},
		},
	},
	{
		name: "dates day first",
		smdr: SMDROptions{DayFirst: true},
		play: func(t *testing.T, p *PBX, clk *clock) {
			must(t, p.AgentLogout("101"))
		},
		want: []smdrExp{
			{smdrLine("14/03/25", "09:30AM", "101", "", "LOG OUT", "", "", "", ""), "LOG OUT ext=101 at=09:30"},
		},
	},
}

// smdrExp is an expected record: the line as printed and what it means
// once cti/smdr parsed it (see smdrMeaning).
type smdrExp struct{ line, meaning string }

func TestSMDR_Scenarios(t *testing.T) {
	for _, sc := range smdrScenarios {
		t.Run(sc.name, func(t *testing.T) {
			clk := &clock{now: prague(2025, 3, 14, 9, 30)}
			p := newPBX(t, smdrOptions(clk, sc.smdr))
			addr, _ := smdrListen(t, p)
			c := smdrDial(t, addr)
			c.login()
			sc.play(t, p, clk)
			got := c.barrier(p)
			var want, wantMeaning []string
			for _, e := range sc.want {
				want, wantMeaning = append(want, e.line), append(wantMeaning, e.meaning)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("SMDR records =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			meanings := parseSMDR(t, sc.smdr, c.all, clk.Now())
			meanings = meanings[:max(len(meanings)-2, 0)] // the barrier's
			if strings.Join(meanings, "\n") != strings.Join(wantMeaning, "\n") {
				t.Errorf("parsed SMDR records =\n\t%s\nwant\n\t%s", strings.Join(meanings, "\n\t"), strings.Join(wantMeaning, "\n\t"))
			}
		})
	}
}
