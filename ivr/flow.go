package ivr

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"linka/internal/workdays"
)

// Kind is the kind of a flow node.
type Kind string

// Node kinds.
const (
	// KindPlay plays Prompt, then goes to Next.
	KindPlay Kind = "play"
	// KindMenu plays Prompt and waits Timeout for a digit of Choices; an
	// unknown digit or no digit replays it, at most Retries times, then
	// goes to NoInput (hang-up when empty).
	KindMenu Kind = "menu"
	// KindTime goes to Open when the office is open (Hours, the Czech
	// public holidays and ClosedDays), else to Closed.
	KindTime Kind = "time"
	// KindNotice plays the recording notice Prompt; the caller may press
	// Digit while it plays or within Timeout after it, which marks the call
	// do-not-record. Then it goes to Next.
	KindNotice Kind = "notice"
	// KindTransfer hands the call to Target (an extension or ICD group)
	// by SIP REFER or a CSTA transfer (Via). When Target is a group with no
	// ready clerk and Busy is set, it goes to Busy instead (the queue stays
	// in the PBX: a caller is offered a callback rather than a long wait).
	// A failed transfer goes to Failed (hang-up when empty).
	KindTransfer Kind = "transfer"
	// KindCallback offers a callback: it plays Prompt and waits Timeout for
	// Digit; on the digit (or at once when Digit is empty) it creates a
	// callback task with the caller's number and goes to Next, otherwise
	// to NoInput (hang-up when empty).
	KindCallback Kind = "callback"
	// KindHangup plays Prompt, if any, and ends the call.
	KindHangup Kind = "hangup"
)

// Transfer methods of a KindTransfer node.
const (
	ViaREFER = "refer" // SIP REFER to the PBX (default)
	ViaCSTA  = "csta"  // a CSTA single-step transfer through the PBX link
)

// Limits of a flow.
const (
	MaxNodes       = 200
	MaxRetries     = 9
	MaxTimeout     = 60 * time.Second
	DefaultTimeout = 5 * time.Second
	// DefaultObjectionWindow is how long a notice waits for the objection
	// digit after its prompt ends when Timeout is zero.
	DefaultObjectionWindow = 3 * time.Second
)

// Languages of prompts.
const (
	LangCzech   = "cs"
	LangEnglish = "en"
)

// Flow is one version of a call flow, as PBX admins edit it. Node ids
// name the nodes; references between nodes use them.
type Flow struct {
	// Name identifies the flow ("office"); versions share it.
	Name string `json:"name"`
	// Language selects the prompt variant ("cs" or "en").
	Language string `json:"language"`
	// Start is the id of the first node.
	Start string `json:"start"`
	Nodes []Node `json:"nodes"`
}

// Node is one step of a flow; which fields matter depends on Kind.
type Node struct {
	ID   string `json:"id"`
	Kind Kind   `json:"kind"`
	// Label is a note for the admin.
	Label string `json:"label,omitempty"`
	// Prompt names an uploaded prompt.
	Prompt string `json:"prompt,omitempty"`
	Next   string `json:"next,omitempty"`
	// Choices map a digit (0-9, *, #) to the next node of a menu.
	Choices map[string]string `json:"choices,omitempty"`
	// TimeoutS is the wait for a digit in seconds; zero takes the default.
	TimeoutS int    `json:"timeout_s,omitempty"`
	Retries  int    `json:"retries,omitempty"`
	NoInput  string `json:"no_input,omitempty"`
	// Hours are the opening hours, e.g. "mon-fri 08:00-16:00".
	Hours      workdays.WeeklyHours `json:"hours,omitzero"`
	ClosedDays []workdays.Date      `json:"closed_days,omitempty"`
	Open       string               `json:"open,omitempty"`
	Closed     string               `json:"closed,omitempty"`
	// Digit is the objection digit of a notice or the accept digit of a
	// callback offer.
	Digit  string `json:"digit,omitempty"`
	Target string `json:"target,omitempty"`
	// Group says Target is an ICD group (its clerks' readiness is checked).
	Group  bool   `json:"group,omitempty"`
	Via    string `json:"via,omitempty"`
	Busy   string `json:"busy,omitempty"`
	Failed string `json:"failed,omitempty"`
}

// timeout returns the node's wait, def when unset.
func (n *Node) timeout(def time.Duration) time.Duration {
	if n.TimeoutS <= 0 {
		return def
	}
	return time.Duration(n.TimeoutS) * time.Second
}

// calendar returns the node's closed days as a calendar.
func (n *Node) calendar() workdays.Calendar {
	if len(n.ClosedDays) == 0 {
		return workdays.Calendar{}
	}
	c := workdays.Calendar{Closed: make(map[workdays.Date]string, len(n.ClosedDays))}
	for _, d := range n.ClosedDays {
		c.Closed[d] = "closed"
	}
	return c
}

// edges returns the nodes n may go to, "" meaning hang-up.
func (n *Node) edges() []string {
	switch n.Kind {
	case KindPlay, KindNotice:
		return []string{n.Next}
	case KindMenu:
		out := []string{n.NoInput}
		for _, d := range sortedDigits(n.Choices) {
			out = append(out, n.Choices[d])
		}
		return out
	case KindTime:
		return []string{n.Open, n.Closed}
	case KindTransfer:
		return []string{n.Busy, n.Failed}
	case KindCallback:
		return []string{n.Next, n.NoInput}
	}
	return nil
}

// Node returns the node id, false if there is none.
func (f *Flow) Node(id string) (*Node, bool) {
	for i := range f.Nodes {
		if f.Nodes[i].ID == id {
			return &f.Nodes[i], true
		}
	}
	return nil, false
}

// Prompts returns the names of the prompts the flow plays, each once.
func (f *Flow) Prompts() []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range f.Nodes {
		if n.Prompt != "" && !seen[n.Prompt] {
			seen[n.Prompt] = true
			out = append(out, n.Prompt)
		}
	}
	return out
}

// ParseFlow decodes a flow from JSON, rejecting unknown fields.
func ParseFlow(b []byte) (*Flow, error) {
	var f Flow
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("ivr: flow is not valid JSON: %w", err)
	}
	return &f, nil
}
