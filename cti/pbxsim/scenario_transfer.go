package pbxsim

import (
	"fmt"

	"linka/cti/csta"
)

// ConsultAndTransfer makes extension from, connected to the call, consult
// to (an extension, group or external number), lets the consulted party
// answer when it rings, and transfers: held, serviceInitiated, originated,
// delivered, established, then transferred. The call carries on under the
// consultation call's CSTA id; its old id is freed.
func (h *Call) ConsultAndTransfer(from, to string) error {
	return h.with(func(c *call) error {
		p := h.p
		pt := partyNamed(c, from)
		if pt == nil || pt.dev.kind != kindExtension || pt.state != csta.StateConnected {
			return fmt.Errorf("pbxsim: consult: %s is not an extension connected to call %d", from, h.id)
		}
		dest, err := p.dir.resolve(csta.DialingNumber(to))
		if err != nil || dest.dev == pt.dev {
			return fmt.Errorf("pbxsim: consult: %q cannot be dialed from %s", to, from)
		}
		c2, err := p.consult(pt, dest, true, csta.DialingNumber(to))
		if err != nil {
			return fmt.Errorf("pbxsim: consult: %w", err)
		}
		active := c2.partyAt(pt.dev)
		if active == nil {
			p.retrieve(pt)
			return fmt.Errorf("pbxsim: consult: the call to %s failed", to)
		}
		for _, o := range c2.parties {
			if o != active && o.state == csta.StateAlerting {
				p.answer(o)
				break
			}
		}
		p.transfer(pt, active)
		return nil
	})
}

// BlindTransfer transfers the call from the (first) extension connected to
// it to another device in one step: transferred, then delivered at to (or
// queued, or networkReached). The call keeps its CSTA id.
func (h *Call) BlindTransfer(to string) error {
	return h.with(func(c *call) error {
		pt := extensionIn(c, csta.StateConnected)
		if pt == nil {
			return fmt.Errorf("pbxsim: blind transfer: no extension is connected to call %d", h.id)
		}
		dest, err := h.p.transferTargetOf(pt.dev, csta.DialingNumber(to))
		if err != nil {
			return fmt.Errorf("pbxsim: blind transfer: %q cannot be reached from %s", to, pt.dev.number)
		}
		h.p.singleStepTransfer(pt, dest)
		return nil
	})
}

// AgentLogin logs the ICD agent at extension ext on (agentLoggedOn); the
// agent is then ready for group calls.
func (p *PBX) AgentLogin(ext string) error { return p.agent(ext, csta.AgentLogOn) }

// AgentLogout logs the agent at ext off (agentLoggedOff).
func (p *PBX) AgentLogout(ext string) error { return p.agent(ext, csta.AgentLogOff) }

// AgentReady makes the agent at ext ready for group calls (agentReady).
func (p *PBX) AgentReady(ext string) error { return p.agent(ext, csta.AgentReady) }

// AgentNotReady makes the agent at ext not ready (agentNotReady).
func (p *PBX) AgentNotReady(ext string) error { return p.agent(ext, csta.AgentNotReady) }

// AgentWorkingAfterCall puts the agent at ext in wrap-up
// (agentWorkingAfterCall).
func (p *PBX) AgentWorkingAfterCall(ext string) error {
	return p.agent(ext, csta.AgentWorkingAfterCall)
}

// agent changes an agent state from a scenario.
func (p *PBX) agent(ext string, req csta.AgentRequest) error {
	return p.do(func() error {
		e := p.dir.byNumber[ext]
		if e == nil || e.kind != kindExtension {
			return fmt.Errorf("pbxsim: agent %s: not an extension", ext)
		}
		if err := p.setAgent(e, req, nil); err != nil {
			return fmt.Errorf("pbxsim: agent %s: %w", ext, err)
		}
		return nil
	})
}
