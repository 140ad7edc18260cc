package ivr

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// ErrInvalidFlow is wrapped by every error of [Flow.Validate].
var ErrInvalidFlow = errors.New("ivr: invalid flow")

// ValidationError lists every problem of a flow, each naming its node.
type ValidationError struct {
	Problems []string
}

// Error implements error.
func (e *ValidationError) Error() string {
	return "ivr: invalid flow: " + strings.Join(e.Problems, "; ")
}

// Unwrap makes errors.Is(err, ErrInvalidFlow) true.
func (e *ValidationError) Unwrap() error { return ErrInvalidFlow }

// PromptCheck reports whether a prompt of the name exists in the language.
type PromptCheck func(name, lang string) bool

// digits are the DTMF digits a menu may use.
const digits = "0123456789*#"

// Validate checks a flow before it is activated: known kinds, the fields
// each kind needs, references to existing nodes, prompts that exist in
// the flow's language (when prompts is not nil), no node unreachable from
// Start, no loop without an exit (every reachable node can reach the end
// of the call) and no loop that never waits for the caller. It returns a
// *ValidationError listing every problem.
func (f *Flow) Validate(prompts PromptCheck) error {
	v := &validator{f: f, ids: map[string]int{}}
	v.header()
	for i := range f.Nodes {
		v.node(&f.Nodes[i], prompts)
	}
	if len(v.problems) == 0 {
		v.graph()
	}
	if len(v.problems) > 0 {
		return &ValidationError{Problems: v.problems}
	}
	return nil
}

type validator struct {
	f        *Flow
	ids      map[string]int
	problems []string
}

func (v *validator) addf(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}

func (v *validator) header() {
	f := v.f
	if strings.TrimSpace(f.Name) == "" {
		v.addf("the flow has no name")
	}
	if f.Language != LangCzech && f.Language != LangEnglish {
		v.addf("language %q is not cs or en", f.Language)
	}
	switch {
	case len(f.Nodes) == 0:
		v.addf("the flow has no nodes")
	case len(f.Nodes) > MaxNodes:
		v.addf("the flow has %d nodes, at most %d are allowed", len(f.Nodes), MaxNodes)
	}
	for i, n := range f.Nodes {
		switch {
		case n.ID == "":
			v.addf("node %d has no id", i+1)
		case v.ids[n.ID] > 0:
			v.addf("node id %q is used twice", n.ID)
		}
		v.ids[n.ID] = i + 1
	}
	if v.ids[f.Start] == 0 {
		v.addf("start node %q does not exist", f.Start)
	}
}

// node checks one node's own fields.
func (v *validator) node(n *Node, prompts PromptCheck) {
	ref := func(field, id string, required bool) {
		switch {
		case id == "" && required:
			v.addf("node %q: %s is required", n.ID, field)
		case id != "" && v.ids[id] == 0:
			v.addf("node %q: %s %q does not exist", n.ID, field, id)
		}
	}
	needPrompt := func(required bool) {
		switch {
		case n.Prompt == "" && required:
			v.addf("node %q: a prompt is required", n.ID)
		case n.Prompt != "" && prompts != nil && !prompts(n.Prompt, v.f.Language):
			v.addf("node %q: prompt %q does not exist in language %q", n.ID, n.Prompt, v.f.Language)
		}
	}
	if n.TimeoutS < 0 || time.Duration(n.TimeoutS)*time.Second > MaxTimeout {
		v.addf("node %q: timeout must be 0–%d s", n.ID, int(MaxTimeout/time.Second))
	}
	switch n.Kind {
	case KindPlay:
		needPrompt(true)
		ref("next", n.Next, true)
	case KindMenu:
		needPrompt(true)
		v.menu(n, ref)
	case KindTime:
		if n.Hours.IsZero() {
			v.addf("node %q: opening hours are required", n.ID)
		}
		ref("open", n.Open, true)
		ref("closed", n.Closed, true)
	case KindNotice:
		needPrompt(true)
		if len(n.Digit) != 1 || !strings.Contains(digits, n.Digit) {
			v.addf("node %q: the objection digit must be one of %s", n.ID, digits)
		}
		ref("next", n.Next, true)
	case KindTransfer:
		v.transfer(n, ref)
	case KindCallback:
		needPrompt(n.Digit != "")
		if n.Digit != "" && (len(n.Digit) != 1 || !strings.Contains(digits, n.Digit)) {
			v.addf("node %q: the accept digit must be one of %s", n.ID, digits)
		}
		ref("next", n.Next, true)
		ref("no_input", n.NoInput, false)
	case KindHangup:
		needPrompt(false)
	default:
		v.addf("node %q: kind %q is not one of play, menu, time, notice, transfer, callback, hangup", n.ID, n.Kind)
	}
}

func (v *validator) menu(n *Node, ref func(string, string, bool)) {
	if len(n.Choices) == 0 {
		v.addf("node %q: a menu needs at least one choice", n.ID)
	}
	for _, d := range sortedDigits(n.Choices) {
		if len(d) != 1 || !strings.Contains(digits, d) {
			v.addf("node %q: choice %q is not a digit 0-9, * or #", n.ID, d)
		}
		ref("choice "+d, n.Choices[d], true)
	}
	if n.Retries < 0 || n.Retries > MaxRetries {
		v.addf("node %q: retries must be 0–%d", n.ID, MaxRetries)
	}
	ref("no_input", n.NoInput, false)
}

func (v *validator) transfer(n *Node, ref func(string, string, bool)) {
	if n.Target == "" || strings.ContainsAny(n.Target, " <>\"@;") {
		v.addf("node %q: the target must be an extension or group number", n.ID)
	}
	if n.Via != "" && n.Via != ViaREFER && n.Via != ViaCSTA {
		v.addf("node %q: via %q is not refer or csta", n.ID, n.Via)
	}
	if n.Busy != "" && !n.Group {
		v.addf("node %q: busy applies only to a transfer to a group", n.ID)
	}
	ref("busy", n.Busy, false)
	ref("failed", n.Failed, false)
}

// graph checks reachability, exits and loops that never wait.
func (v *validator) graph() {
	f := v.f
	reach := map[string]bool{}
	stack := []string{f.Start}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if id == "" || reach[id] {
			continue
		}
		reach[id] = true
		n, _ := f.Node(id)
		stack = append(stack, n.edges()...)
	}
	for _, n := range f.Nodes {
		if !reach[n.ID] {
			v.addf("node %q cannot be reached from the start", n.ID)
		}
	}
	exits := v.canExit()
	for _, n := range f.Nodes {
		if reach[n.ID] && !exits[n.ID] {
			v.addf("node %q is in a loop without an exit: the call can never end or be transferred", n.ID)
		}
	}
	if cyc := v.instantLoop(); cyc != "" {
		v.addf("nodes %s form a loop that never waits for the caller", cyc)
	}
}

// canExit returns the nodes from which the call can end: a hang-up, a
// transfer, or a branch that hangs up (an empty reference).
func (v *validator) canExit() map[string]bool {
	exits := map[string]bool{}
	for changed := true; changed; {
		changed = false
		for _, n := range v.f.Nodes {
			if exits[n.ID] {
				continue
			}
			ok := n.Kind == KindHangup || n.Kind == KindTransfer
			for _, e := range n.edges() {
				if exits[e] || (e == "" && n.Kind != KindPlay && n.Kind != KindNotice && n.Kind != KindTime) {
					ok = true
				}
			}
			if ok {
				exits[n.ID] = true
				changed = true
			}
		}
	}
	return exits
}

// instantLoop finds a cycle of nodes that pass on at once (time
// conditions, a transfer's busy branch) and returns it as "a → b → a".
func (v *validator) instantLoop() string {
	next := func(n *Node) []string {
		switch n.Kind {
		case KindTime:
			return []string{n.Open, n.Closed}
		case KindTransfer:
			return []string{n.Busy}
		case KindCallback:
			if n.Digit == "" {
				return []string{n.Next}
			}
		}
		return nil
	}
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var path []string
	var visit func(id string) string
	visit = func(id string) string {
		color[id] = grey
		path = append(path, id)
		n, _ := v.f.Node(id)
		for _, e := range next(n) {
			if e == "" {
				continue
			}
			switch color[e] {
			case grey:
				i := slices.Index(path, e)
				return strings.Join(append(slices.Clone(path[i:]), e), " → ")
			case white:
				if c := visit(e); c != "" {
					return c
				}
			}
		}
		path = path[:len(path)-1]
		color[id] = black
		return ""
	}
	for _, n := range v.f.Nodes {
		if color[n.ID] == white {
			if c := visit(n.ID); c != "" {
				return c
			}
		}
	}
	return ""
}

// sortedDigits returns the keys of choices in dial-pad order.
func sortedDigits(choices map[string]string) []string {
	out := make([]string, 0, len(choices))
	for d := range choices {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b string) int {
		return strings.Index(digits, a) - strings.Index(digits, b)
	})
	return out
}
