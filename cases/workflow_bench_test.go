package cases_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"linka/cases"
)

// BenchmarkService_Transition measures one workflow action end to end on
// SQLite: the decision (the case, its type, the users it names, the rules)
// and the change written with its activity and history in one
// transaction. Each iteration hands the case over to the other official.
//
//	go test ./cases -run '^$' -bench Transition -benchtime 2000x
func BenchmarkService_Transition(b *testing.B) {
	ctx := context.Background()
	f := newFixture(b)
	c, err := f.svc.CreateCase(ctx, f.clerk, cases.CaseInput{Source: cases.SourceEmail, Subject: "Výtluk v Nádražní ulici",
		CaseTypeID: f.stiznost, DepartmentID: f.dop})
	if err != nil {
		b.Fatal(err)
	}
	if c, err = f.svc.Transition(ctx, f.clerk, c.Number, cases.Transition{Action: cases.ActAccept, Version: c.Version, UserID: f.official.ID}); err != nil {
		b.Fatal(err)
	}
	who := []*cases.User{f.official, f.super}
	var lat []time.Duration
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		t0 := time.Now()
		c, err = f.svc.Transition(ctx, who[i%2], c.Number, cases.Transition{Action: cases.ActHandover, Version: c.Version,
			UserID: who[(i+1)%2].ID, Note: "předáno k posouzení"})
		lat = append(lat, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(lat))/time.Since(start).Seconds(), "transitions/s")
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
