package gomail_test

import (
	"context"
	"testing"
	"time"

	"linka/cases"
	"linka/cases/gomail"
)

// nop is a Sender that accepts every mail at once: the benchmark then
// measures the outbox's own work (claim, render, record) on SQLite.
type nop struct{}

func (nop) Send(context.Context, *cases.OutgoingMail) error { return nil }

func benchOutbox(b *testing.B, sender func(dir string) cases.Sender) {
	dir := b.TempDir()
	svc := openService(b, dir)
	queue(b, svc, b.N)
	ob, err := cases.NewOutbox(svc, cases.OutboxOptions{Sender: sender(dir), From: "podnety@" + domain, Domain: domain,
		Batch: 50, Lease: time.Minute})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ResetTimer()
	sent := 0
	for sent < b.N {
		n, err := ob.SendDue(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			b.Fatalf("sent %d of %d", sent, b.N)
		}
		sent += n
	}
	b.StopTimer()
	if st, _ := svc.NotificationCounts(ctx, cases.Console()); st[cases.NotificationSent] != b.N {
		b.Fatalf("states %v, want %d sent", st, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "mails/s")
}

// BenchmarkOutbox_SQLite is the outbox alone: claim, render both parts,
// record the delivery.
func BenchmarkOutbox_SQLite(b *testing.B) {
	benchOutbox(b, func(string) cases.Sender { return nop{} })
}

// BenchmarkOutbox_Folder adds building the MIME message and writing it as
// a synced .eml file (the demo's transport).
func BenchmarkOutbox_Folder(b *testing.B) {
	benchOutbox(b, func(dir string) cases.Sender {
		f, err := gomail.NewFolder(dir + "/mail")
		if err != nil {
			b.Fatal(err)
		}
		return f
	})
}

// BenchmarkMessage builds one multipart message with go-mail.
func BenchmarkMessage(b *testing.B) {
	m := sample()
	var w discard
	for i := 0; i < b.N; i++ {
		msg, err := gomail.Message(m)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := msg.WriteTo(&w); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (*discard) Write(p []byte) (int, error) { return len(p), nil }
