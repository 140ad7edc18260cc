package cti

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

func TestCallLog_Rejects(t *testing.T) {
	reg := prometheus.NewRegistry()
	e := newCLEnv(t, func(o *CallLogOptions) { o.Registerer = reg })
	garbage := "10/03/26 09:30AM   101 01 this is not an SMDR line at all, is it?"
	clock := "**/**/** **:****   101 01 0602123456                     00:01'05"
	_, lines := clCall1(t)
	for _, l := range []string{garbage, clock, lines[2].(string)} {
		e.step(l)
	}
	if len(e.store.rejects) != 2 {
		t.Fatalf("rejects = %+v, want the two bad lines", e.store.rejects)
	}
	for i, want := range []string{garbage, clock} {
		r := e.store.rejects[i]
		if r.Line != want || r.Reason == "" || !r.At.Equal(e.clock()) {
			t.Errorf("rejects[%d] = %+v, want line %q with a reason at %v", i, r, want, e.clock())
		}
	}
	if !strings.Contains(e.store.rejects[1].Reason, "clock changed") {
		t.Errorf("reason of the clock-changed line = %q, want it to say so", e.store.rejects[1].Reason)
	}
	if got := len(e.rows()); got != 1 {
		t.Errorf("rows after the bad lines = %d, want the good line's 1", got)
	}
	for _, m := range []struct {
		name   string
		labels []string
		want   float64
	}{
		{"linka_smdr_rejected_lines_total", nil, 2},
		{"linka_smdr_lines_total", []string{"kind=invalid"}, 1},
		{"linka_smdr_lines_total", []string{"kind=record"}, 2},
		{"linka_calllog_writes_total", []string{"source=smdr_new"}, 1},
	} {
		if got := metric(t, reg, m.name, m.labels...); got != m.want {
			t.Errorf("metric %s%v = %v, want %v", m.name, m.labels, got, m.want)
		}
	}
}

func TestCallLog_RejectStoreFails(t *testing.T) {
	e := newCLEnv(t, nil)
	e.store.fail = errors.New("disk full")
	if err := e.log.AddSMDR(context.Background(), clParse(t, "garbage")); err == nil {
		t.Fatal("AddSMDR(garbage) with a failing store = nil, want the error")
	}
}

func TestCallLog_SMDRSink(t *testing.T) {
	_, lines := clCall1(t)
	final := clParse(t, lines[2].(string))
	t.Run("a line the store refused is retried", func(t *testing.T) {
		e := newCLEnv(t, nil)
		e.store.fail = errors.New("database unreachable")
		e.log.SMDRSink(context.Background())(final)
		if got := len(e.rows()); got != 1 {
			t.Errorf("rows after a refused line = %d, want it stored on the retry", got)
		}
	})
	t.Run("shutdown stops the retries", func(t *testing.T) {
		e := newCLEnv(t, nil)
		e.store.fail = errors.New("database unreachable")
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		e.log.SMDRSink(ctx)(final)
		if got := len(e.rows()); got != 0 {
			t.Errorf("rows = %d, want none: the store failed and the context ended", got)
		}
	})
}
