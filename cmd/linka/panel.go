package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"linka/cti"
	"linka/internal/store"
)

// panelConfig is the clerk panel's part of the serve configuration.
type panelConfig struct {
	AfterCallWork durationValue
}

func (c *panelConfig) register(s *settings) {
	c.AfterCallWork.d = 60 * time.Second
	s.Duration(&c.AfterCallWork, "after-call-work", "the clerk panel's after-call-work timer after each call (wrap-up)")
}

func (c *panelConfig) validate() error {
	if c.AfterCallWork.d < 5*time.Second || c.AfterCallWork.d > time.Hour {
		return usagef("-after-call-work (LINKA_AFTER_CALL_WORK) must be 5s–1h")
	}
	return nil
}

// startAgentLog writes every agent state change on bus (made in Linka or
// on the phone) to the agent state log until ctx ends; nothing without a
// PBX link.
func startAgentLog(ctx context.Context, wg *sync.WaitGroup, bus *cti.Bus, db *store.DB, log *slog.Logger) {
	if bus == nil {
		return
	}
	l := &cti.AgentLog{Bus: bus, Store: db, Logger: log.With("module", "agentlog")}
	wg.Add(1)
	go func() { defer wg.Done(); l.Run(ctx) }()
}
