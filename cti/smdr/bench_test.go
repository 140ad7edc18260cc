package smdr

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// importLines is the size of the benchmark import.
const importLines = 100_000

// realisticImport builds importLines lines of Pattern A output as an
// office's PBX prints them over a working day and more: a header and a
// separator every 60 lines, incoming calls with their RC and AN lines,
// unanswered ones, outgoing calls with pauses and transfers, intercom
// calls and log-in/log-out lines, with CR LF line ends.
func realisticImport(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	opts := Options{Layout: PatternA}
	start := time.Date(2025, 3, 3, 7, 30, 0, 0, time.UTC)
	n := 0
	emit := func(s string) {
		if n < importLines {
			b.WriteString(s)
			b.WriteString("\r\n")
			n++
		}
	}
	for i := 0; n < importLines; i++ {
		if n%60 == 0 {
			emit(Header(PatternA))
			emit(Separator(PatternA))
		}
		at := start.Add(time.Duration(i) * 47 * time.Second)
		ext := fmt.Sprintf("%d", 101+i%40)
		caller := fmt.Sprintf("60%07d", (i*7919)%10_000_000)
		for _, r := range callLines(i, at, ext, caller) {
			s, err := Format(opts, r)
			if err != nil {
				tb.Fatal(err)
			}
			emit(s)
		}
		if i%25 == 0 {
			s, _ := FormatStatus(opts, StatusLine{Time: at, Extension: ext, Text: "LOG IN"})
			emit(s)
		}
	}
	return b.Bytes()
}

// callLines returns the records one call of the mix prints.
func callLines(i int, at time.Time, ext, caller string) []Record {
	in := Record{Direction: Incoming, End: at, Extension: ext, Trunk: fmt.Sprintf("%02d", 1+i%8), Number: caller,
		Ring: time.Duration(3+i%20) * time.Second}
	switch i % 6 {
	case 0, 1: // answered: ringing, answer and the final line
		rc, an, fin := in, in, in
		rc.Condition, an.Condition = CondReceived, CondAnswered
		fin.Duration = time.Duration(30+i%600) * time.Second
		return []Record{rc, an, fin}
	case 2: // not answered
		in.Condition = CondNotAnswered
		return []Record{in}
	case 3: // outgoing with a pause and an account code
		return []Record{{Direction: Outgoing, End: at, Extension: ext, Trunk: "02", Dial: "0P" + caller,
			Duration: time.Duration(i%900) * time.Second, Account: "1234"}}
	case 4: // intercom
		return []Record{{Direction: Intercom, End: at, Extension: ext, Number: "150", Duration: 42 * time.Second}}
	}
	// transferred with a name and a DDI
	in.CallerName, in.DDI, in.Condition = "MESTO", "200", CondTransfer
	in.Duration = 95 * time.Second
	return []Record{in}
}

// BenchmarkParseImport imports 100,000 lines (Reader and Parser, as
// `linka smdr import` does) and reports the rate in lines per second.
func BenchmarkParseImport(b *testing.B) {
	data := realisticImport(b)
	p := newParser(b, Options{})
	var st Stats
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var err error
		st, err = Import(bytes.NewReader(data), p, func(Line) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
	if st.Lines != importLines || st.Invalid != 0 {
		b.Fatalf("import = %+v, want %d valid lines", st, importLines)
	}
	b.ReportMetric(float64(importLines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkParse parses one line of each kind of the import mix.
func BenchmarkParse(b *testing.B) {
	lines := bytes.Split(realisticImport(b)[:20_000], []byte("\r\n"))
	strs := make([]string, 0, len(lines))
	for _, l := range lines[:len(lines)-1] {
		strs = append(strs, string(l))
	}
	p := newParser(b, Options{})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := p.Parse(strs[i%len(strs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
