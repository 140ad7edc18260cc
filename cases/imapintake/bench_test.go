package imapintake

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"linka/internal/dovecottest"
)

// realistic returns a message like a citizen's: a paragraph of text and a
// 20 KiB attachment with unique content.
func realistic(i int) []byte {
	att := make([]byte, 20<<10)
	r := rand.New(rand.NewPCG(uint64(i), 7))
	for j := range att {
		att[j] = byte(r.Uint32())
	}
	copy(att, "%PDF-1.4\n")
	return fmt.Appendf(nil, "From: Obcan %d <obcan%d@example.cz>\r\nTo: podatelna@mesto.cz\r\n"+
		"Subject: Podnět %d\r\nMessage-ID: <bench-%d@example.cz>\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+
		"Dobrý den, v ulici Dlouhá %d nesvítí veřejné osvětlení už třetí den. Prosím o opravu. Děkuji.\r\n"+
		"--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"foto-%d.pdf\"\r\n"+
		"Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--b--\r\n", i, i%200, i, i, i, i, base64.StdEncoding.EncodeToString(att))
}

// BenchmarkIntake_Latency measures, with IMAP IDLE against a real Dovecot,
// the time from a message's delivery (doveadm save returned) to its case
// being visible in the register. Run with -benchtime 30x; it reports the
// median and the 95th percentile.
func BenchmarkIntake_Latency(b *testing.B) {
	dc := dovecottest.Start(b, false)
	e := newEnv(b, b.TempDir(), 0)
	m, err := New(e.svc, Options{Addr: dc.Addr, Security: SecurityPlain, Username: dovecottest.User,
		Password: dovecottest.Password, MoveTo: "Linka", Poll: 10 * time.Minute, Logger: testLogger(b)})
	if err != nil {
		b.Fatal(err)
	}
	run(b, m)
	waitFor(b, "IDLE", 10*time.Second, func() bool { return m.Status().Idle && !m.Status().LastPoll.IsZero() })
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		dc.Deliver(b, "", realistic(i))
		start := time.Now()
		for e.total(b) < i+1 {
			if time.Since(start) > 60*time.Second {
				b.Fatalf("message %d not registered within a minute", i)
			}
			time.Sleep(5 * time.Millisecond)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Milliseconds()), "p95-ms")
}

// BenchmarkIntake_Backlog1000 measures how long the intake takes to
// register a backlog of 1,000 realistic messages (text and a 20 KiB
// attachment each) waiting in the inbox, and move them. Run with
// -benchtime 1x.
func BenchmarkIntake_Backlog1000(b *testing.B) {
	const n = 1000
	for range b.N {
		b.StopTimer()
		dc := dovecottest.Start(b, false)
		e := newEnv(b, b.TempDir(), 0)
		dc.Deliver(b, "", realistic(0))
		newDir := filepath.Join(dc.Dir, "mail", dovecottest.User, "new")
		for i := 1; i < n; i++ {
			name := filepath.Join(newDir, strconv.FormatInt(time.Now().Unix(), 10)+".M"+strconv.Itoa(i)+".bench")
			if err := os.WriteFile(name, realistic(i), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		m, err := New(e.svc, Options{Addr: dc.Addr, Security: SecurityPlain, Username: dovecottest.User,
			Password: dovecottest.Password, MoveTo: "Linka", Poll: time.Minute, Logger: testLogger(b)})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = m.Run(ctx) }()
		waitFor(b, "the backlog", 10*time.Minute, func() bool { return m.Status().Cases == n && dc.Count(b, "INBOX") == 0 })
		took := time.Since(start)
		b.StopTimer()
		cancel()
		<-done
		if got := e.total(b); got != n {
			b.Fatalf("cases = %d, want %d", got, n)
		}
		dc.Stop()
		b.ReportMetric(took.Seconds(), "s/1000msgs")
		b.ReportMetric(n/took.Seconds(), "msgs/s")
	}
}
