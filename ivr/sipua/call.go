package sipua

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"linka/ivr"
	"linka/ivr/media"
)

// ackWait bounds the wait for the ACK of the 200 OK before the flow
// starts anyway.
const ackWait = 2 * time.Second

// drainTime is how long the gateway waits after the last prompt before it
// hangs up, so the far end's jitter buffer plays it out.
const drainTime = 100 * time.Millisecond

// call is one call through the gateway; its goroutine (run) owns the
// machine and every field not marked otherwise.
type call struct {
	g         *Gateway
	log       *slog.Logger
	dialog    *sipgo.DialogServerSession
	stream    *media.Stream
	flow      *ivr.Flow
	machine   *ivr.Machine
	sipCallID string
	caller    string // as presented
	e164      string
	callID    string // Linka call id, once the model knows it
	peerHost  string

	ctx    context.Context
	cancel context.CancelFunc
	// notify receives the status codes of REFER NOTIFYs (from onNotify).
	notify chan int

	gen       int // generation of the current play or wait
	playStop  chan struct{}
	played    chan int
	waitTimer *time.Timer
	waitGen   int
	transfers chan error
	// answer is the SDP answer, repeated to a re-INVITE.
	answer    []byte
	ended     bool
	interrupt bool
	// lastAudio is when the last prompt ended.
	lastAudio time.Time
}

// newCall answers req: it loads the flow, reads the SDP offer, opens the
// RTP socket and sends 200 OK with the SDP answer. Failures are answered
// with an error response and logged.
func (g *Gateway) newCall(req *sip.Request, tx sip.ServerTransaction, log *slog.Logger) (*call, error) {
	ctx, cancel := context.WithCancel(context.Background())
	fail := func(code int, reason string, err error) (*call, error) {
		cancel()
		log.Warn("call refused", "status", code, "err", err)
		respond(req, tx, code, reason)
		return nil, err
	}
	flow, err := g.o.Flows.ActiveFlow(ctx, g.o.Flow)
	if err != nil {
		return fail(sip.StatusServiceUnavailable, "No Active Flow", fmt.Errorf("load flow %q: %w", g.o.Flow, err))
	}
	offer, err := media.ParseOffer(req.Body())
	if err != nil {
		return fail(sip.StatusNotAcceptableHere, "Not Acceptable Here", err)
	}
	conn, err := g.ports.Listen()
	if err != nil {
		return fail(sip.StatusServiceUnavailable, "No RTP Port", err)
	}
	dialog, err := g.dialogs.ReadInvite(req, tx)
	if err != nil {
		conn.Close()
		return fail(sip.StatusInternalServerError, "Server Error", err)
	}
	dtmf := offer.DTMF
	c := &call{g: g, log: log, dialog: dialog, flow: flow, ctx: ctx, cancel: cancel,
		sipCallID: req.CallID().Value(), notify: make(chan int, 8), played: make(chan int, 4), transfers: make(chan error, 1),
		stream: media.NewStream(media.Options{Conn: conn, Remote: offer.Addr, Codec: offer.Codec, DTMF: dtmf, Pacer: g.pacer})}
	if f := req.From(); f != nil {
		c.caller = f.Address.User
	}
	c.e164 = g.o.Normalize(c.caller)
	c.peerHost, _, _ = net.SplitHostPort(req.Source())
	local := c.stream.LocalAddr()
	ip := net.ParseIP(g.o.Host)
	if ip == nil || ip.IsUnspecified() {
		ip = local.IP
	}
	c.answer = media.Answer(ip, local.Port, offer.Codec, dtmf, rand.Int64N(1<<40))
	if err := dialog.RespondSDP(c.answer); err != nil {
		c.stream.Close()
		dialog.Close()
		cancel()
		log.Warn("answer call", "err", err)
		return nil, err
	}
	g.mu.Lock()
	g.calls[c.sipCallID] = c
	g.mu.Unlock()
	log.Info("call answered", "caller", c.caller, "codec", offer.Codec.String(), "rtp", local.String(), "flow", flow.Name)
	return c, nil
}

// shutdown ends the call from outside (the gateway stops).
func (c *call) shutdown() {
	c.cancel()
}

// run drives the call until it ends.
func (c *call) run() {
	defer c.cleanup()
	go func() { _ = c.stream.Run(c.ctx) }()
	c.awaitAck()
	c.machine = ivr.NewMachine(c.flow, ivr.Facts{Now: c.g.o.Now, Ready: c.groupReady})
	c.do(c.machine.Start())
	media := time.NewTicker(time.Second)
	defer media.Stop()
	for !c.ended {
		var waitC <-chan time.Time
		if c.waitTimer != nil {
			waitC = c.waitTimer.C
		}
		select {
		case <-c.dialog.Context().Done():
			c.log.Info("caller hung up", "node", c.machine.Node())
			c.ended = true
			c.feed(ivr.Input{Kind: ivr.InputHangup})
		case <-c.ctx.Done():
			c.feed(ivr.Input{Kind: ivr.InputHangup})
			c.hangup()
		case d := <-c.stream.Digits():
			c.log.Debug("digit", "digit", d, "node", c.machine.Node())
			c.feed(ivr.Input{Kind: ivr.InputDigit, Digit: d})
		case gen := <-c.played:
			c.lastAudio = time.Now()
			if gen == c.gen {
				c.playStop = nil
				c.feed(ivr.Input{Kind: ivr.InputPlayed})
			}
		case <-waitC:
			c.waitTimer = nil
			if c.waitGen == c.gen {
				c.feed(ivr.Input{Kind: ivr.InputTimeout})
			}
		case err := <-c.transfers:
			c.transferDone(err)
		case <-media.C:
			if c.g.o.MediaTimeout > 0 && c.stream.Idle() > c.g.o.MediaTimeout {
				c.log.Warn("no RTP from the caller: hanging up", "idle", c.stream.Idle().Round(time.Second))
				c.feed(ivr.Input{Kind: ivr.InputHangup})
				c.hangup()
			}
		}
		if c.machine.Done() && !c.ended {
			c.hangup()
		}
	}
}

func (c *call) awaitAck() {
	st := c.dialog.StateRead()
	if c.dialog.LoadState() >= sip.DialogStateConfirmed {
		return
	}
	t := time.NewTimer(ackWait)
	defer t.Stop()
	for {
		select {
		case s := <-st:
			if s >= sip.DialogStateConfirmed {
				return
			}
		case <-t.C:
			c.log.Warn("no ACK for the 200 OK; starting the flow anyway")
			return
		case <-c.ctx.Done():
			return
		}
	}
}

func (c *call) cleanup() {
	c.stopPlay()
	c.cancel()
	c.stream.Close()
	c.dialog.Close()
	c.g.mu.Lock()
	delete(c.g.calls, c.sipCallID)
	c.g.mu.Unlock()
	c.log.Info("call ended", "node", c.machine.Node())
}

// feed passes an input to the machine and does what it says.
func (c *call) feed(in ivr.Input) {
	if in.Kind == ivr.InputDigit && c.playStop != nil && c.interrupt {
		c.stopPlay()
	}
	c.do(c.machine.Step(in))
}

// do carries out the machine's actions.
func (c *call) do(actions []ivr.Action) {
	for _, a := range actions {
		switch a.Kind {
		case ivr.ActPlay:
			c.startPlay(a)
		case ivr.ActWait:
			c.startWait(a.Timeout)
		case ivr.ActTransfer:
			c.startTransfer(a)
		case ivr.ActCallback:
			c.requestCallback(a)
		case ivr.ActDoNotRecord:
			c.log.Info("caller objected to recording", "node", a.Node)
			c.publish("call.do_not_record", a, false)
		case ivr.ActNoticePlayed:
			c.publish("ivr.notice_played", a, false)
		case ivr.ActEvent:
			c.publish("ivr."+a.Event, a, true)
		case ivr.ActHangup:
			c.hangup()
		}
	}
}

func (c *call) stopPlay() {
	if c.playStop != nil {
		close(c.playStop)
		c.playStop = nil
	}
}

// startPlay plays a prompt in its own goroutine; its end comes back on
// c.played with the generation it was started in.
func (c *call) startPlay(a ivr.Action) {
	c.stopPlay()
	c.waitTimer = nil
	c.gen++
	gen, stop := c.gen, make(chan struct{})
	c.playStop, c.interrupt = stop, a.Interrupt
	go func() {
		samples, err := c.g.o.Prompts.PromptAudio(c.ctx, a.Prompt, c.flow.Language)
		if err != nil {
			c.log.Error("prompt cannot be played: skipping it", "prompt", a.Prompt, "lang", c.flow.Language, "err", err)
		} else if err := c.stream.Play(c.ctx, samples, stop); err != nil && !errors.Is(err, media.ErrInterrupted) && c.ctx.Err() == nil {
			c.log.Warn("play prompt", "prompt", a.Prompt, "err", err)
		}
		select {
		case c.played <- gen:
		case <-c.ctx.Done():
		}
	}()
}

func (c *call) startWait(d time.Duration) {
	c.gen++
	c.waitGen = c.gen
	c.playStop = nil // the prompt has ended
	c.waitTimer = time.NewTimer(d)
}

// hangup sends BYE (once) and ends the call.
func (c *call) hangup() {
	if c.ended {
		return
	}
	c.ended = true
	c.stopPlay()
	// Let the phone's jitter buffer play out the end of the last prompt.
	if d := drainTime - time.Since(c.lastAudio); d > 0 && d <= drainTime {
		time.Sleep(d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.dialog.Bye(ctx); err != nil {
		c.log.Warn("send BYE", "err", err)
	}
}
