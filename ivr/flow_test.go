package ivr

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"linka/internal/workdays"
)

func defaultFlow(t *testing.T) *Flow {
	t.Helper()
	f, err := DefaultFlow("office", LangCzech, "600", "")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func allPrompts(name, lang string) bool { return true }

func TestFlow_ValidateDefault(t *testing.T) {
	if err := defaultFlow(t).Validate(allPrompts); err != nil {
		t.Fatalf("Validate(default) = %v, want nil", err)
	}
}

func TestFlow_ValidateRejects(t *testing.T) {
	menu := func(id string, choices map[string]string, noInput string) Node {
		return Node{ID: id, Kind: KindMenu, Prompt: "p", Choices: choices, NoInput: noInput, Retries: 1}
	}
	hours, _ := workdays.ParseWeeklyHours("mon-fri 08:00-16:00")
	tests := []struct {
		name    string
		flow    Flow
		prompts PromptCheck
		want    string
	}{
		{"loop without exit", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{
			menu("a", map[string]string{"1": "b"}, "b"), menu("b", map[string]string{"1": "a"}, "a")}}, allPrompts,
			`node "a" is in a loop without an exit`},
		{"play loop", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{
			{ID: "a", Kind: KindPlay, Prompt: "p", Next: "b"}, {ID: "b", Kind: KindPlay, Prompt: "p", Next: "a"}}}, allPrompts,
			`loop without an exit`},
		{"missing prompt", Flow{Name: "x", Language: "en", Start: "a", Nodes: []Node{
			{ID: "a", Kind: KindHangup, Prompt: "bye"}}}, func(n, l string) bool { return n == "bye" && l == "cs" },
			`prompt "bye" does not exist in language "en"`},
		{"unreachable", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{
			{ID: "a", Kind: KindHangup}, {ID: "b", Kind: KindHangup}}}, allPrompts,
			`node "b" cannot be reached`},
		{"missing node", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{
			{ID: "a", Kind: KindPlay, Prompt: "p", Next: "nowhere"}}}, allPrompts,
			`next "nowhere" does not exist`},
		{"instant loop", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{
			{ID: "a", Kind: KindTime, Hours: hours, Open: "b", Closed: "c"},
			{ID: "b", Kind: KindTime, Hours: hours, Open: "a", Closed: "c"},
			{ID: "c", Kind: KindHangup}}}, allPrompts,
			`never waits`},
		{"bad digit", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{
			{ID: "a", Kind: KindNotice, Prompt: "p", Digit: "x", Next: "b"}, {ID: "b", Kind: KindHangup}}}, allPrompts,
			`objection digit`},
		{"bad kind", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{{ID: "a", Kind: "dance"}}}, allPrompts,
			`kind "dance"`},
		{"duplicate id", Flow{Name: "x", Language: "cs", Start: "a", Nodes: []Node{{ID: "a", Kind: KindHangup}, {ID: "a", Kind: KindHangup}}}, allPrompts,
			`used twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.flow.Validate(tt.prompts)
			if !errors.Is(err, ErrInvalidFlow) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Validate = %v, want an invalid flow error containing %q", err, tt.want)
			}
		})
	}
}

func TestParseFlow_RoundTrip(t *testing.T) {
	f := defaultFlow(t)
	b, err := jsonMarshal(f)
	if err != nil {
		t.Fatal(err)
	}
	g, err := ParseFlow(b)
	if err != nil {
		t.Fatalf("ParseFlow: %v", err)
	}
	n, _ := g.Node("hours")
	if n.Hours.String() != "mon 08:00-17:00; tue 08:00-15:00; wed 08:00-17:00; thu 08:00-15:00; fri 08:00-13:00" {
		t.Fatalf("hours = %q", n.Hours)
	}
	if _, err := ParseFlow([]byte(`{"name":"x","bogus":1}`)); err == nil {
		t.Fatal("ParseFlow accepted an unknown field")
	}
}

// run feeds inputs and collects the kinds of actions and events.
func run(m *Machine, inputs ...Input) []string {
	var log []string
	note := func(as []Action) {
		for _, a := range as {
			switch a.Kind {
			case ActPlay:
				log = append(log, "play:"+a.Prompt)
			case ActWait:
				log = append(log, "wait")
			case ActTransfer:
				log = append(log, "transfer:"+a.Target)
			case ActCallback:
				log = append(log, "callback")
			case ActDoNotRecord:
				log = append(log, "dnr")
			case ActNoticePlayed:
				log = append(log, "notice_played")
			case ActHangup:
				log = append(log, "hangup")
			case ActEvent:
				log = append(log, "ivr."+a.Event+"@"+a.Node)
			}
		}
	}
	note(m.Start())
	for _, in := range inputs {
		note(m.Step(in))
	}
	return log
}

var (
	played   = Input{Kind: InputPlayed}
	timeout  = Input{Kind: InputTimeout}
	hangup   = Input{Kind: InputHangup}
	digit    = func(d string) Input { return Input{Kind: InputDigit, Digit: d} }
	tuesday  = time.Date(2026, 11, 24, 10, 0, 0, 0, workdays.Prague())
	saturday = time.Date(2026, 11, 28, 10, 0, 0, 0, workdays.Prague())
	// 17 November is a public holiday (a Tuesday in 2026).
	holiday = time.Date(2026, 11, 17, 10, 0, 0, 0, workdays.Prague())
)

func TestMachine_DefaultFlow(t *testing.T) {
	ready := func(bool) func(string) bool { return nil }
	_ = ready
	tests := []struct {
		name   string
		now    time.Time
		ready  bool
		inputs []Input
		want   []string
	}{
		{"open, clerk ready", tuesday, true, []Input{played, timeout, {Kind: InputTransferred}},
			[]string{"ivr.entered@notice", "play:notice", "wait", "notice_played", "transfer:600", "ivr.transferred@clerks"}},
		{"objection while the notice plays", tuesday, true, []Input{digit("9"), digit("9"), played, {Kind: InputTransferred}},
			[]string{"ivr.entered@notice", "play:notice", "dnr", "ivr.objected@notice", "notice_played", "transfer:600", "ivr.transferred@clerks"}},
		{"objection after the notice", tuesday, true, []Input{played, digit("9")},
			[]string{"ivr.entered@notice", "play:notice", "wait", "dnr", "ivr.objected@notice", "notice_played", "transfer:600"}},
		{"open, nobody ready, takes a callback", tuesday, false, []Input{played, timeout, played, digit("1"), played},
			[]string{"ivr.entered@notice", "play:notice", "wait", "notice_played", "play:busy_callback", "wait",
				"ivr.chose@busy_offer", "callback", "play:callback_thanks", "hangup"}},
		{"open, nobody ready, waits", tuesday, false, []Input{played, timeout, played, timeout},
			[]string{"ivr.entered@notice", "play:notice", "wait", "notice_played", "play:busy_callback", "wait", "transfer:600"}},
		{"saturday", saturday, true, []Input{played, timeout, played, played, timeout, played},
			[]string{"ivr.entered@notice", "play:notice", "wait", "notice_played", "play:after_hours", "play:callback_offer", "wait", "play:goodbye", "hangup"}},
		{"public holiday", holiday, true, []Input{played, timeout},
			[]string{"ivr.entered@notice", "play:notice", "wait", "notice_played", "play:after_hours"}},
		{"hang-up during the notice", tuesday, true, []Input{hangup, played},
			[]string{"ivr.entered@notice", "play:notice", "ivr.abandoned@notice"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := NewMachine(defaultFlow(t), Facts{Now: func() time.Time { return tt.now }, Ready: func(string) bool { return tt.ready }})
			got := run(m, tt.inputs...)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("path =\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestMachine_MenuRetries(t *testing.T) {
	f := &Flow{Name: "m", Language: "cs", Start: "menu", Nodes: []Node{
		{ID: "menu", Kind: KindMenu, Prompt: "menu", Choices: map[string]string{"1": "one"}, Retries: 1, NoInput: "bye"},
		{ID: "one", Kind: KindTransfer, Target: "101"},
		{ID: "bye", Kind: KindHangup},
	}}
	if err := f.Validate(nil); err != nil {
		t.Fatal(err)
	}
	got := run(NewMachine(f, Facts{}), digit("7"), played, timeout)
	want := []string{"ivr.entered@menu", "play:menu", "play:menu", "wait", "hangup"}
	if !slices.Equal(got, want) {
		t.Fatalf("path = %v, want %v", got, want)
	}
	got = run(NewMachine(f, Facts{}), digit("1"), Input{Kind: InputTransferFailed})
	want = []string{"ivr.entered@menu", "play:menu", "ivr.chose@menu", "transfer:101", "hangup"}
	if !slices.Equal(got, want) {
		t.Fatalf("path = %v, want %v", got, want)
	}
}

func TestSpokenHours(t *testing.T) {
	h, _ := workdays.ParseWeeklyHours(DefaultHours)
	got := SpokenHours(h, LangCzech)
	want := "pondělí a středa od 8 do 17 hodin; úterý a čtvrtek od 8 do 15 hodin; pátek od 8 do 13 hodin"
	if got != want {
		t.Fatalf("SpokenHours = %q, want %q", got, want)
	}
}

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
