package sipua

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/emiago/sipgo"
	"github.com/emiago/sipgo/sip"

	"linka/cti"
	"linka/internal/workdays"
	"linka/ivr"
	"linka/ivr/audio"
	"linka/ivr/media"
)

// memFlows and memPrompts are in-memory storage for the gateway.
type memFlows struct{ f *ivr.Flow }

func (m memFlows) ActiveFlow(ctx context.Context, name string) (*ivr.Flow, error) { return m.f, nil }

type memPrompts map[string][]int16

func (m memPrompts) PromptAudio(ctx context.Context, name, lang string) ([]int16, error) {
	s, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("no prompt %q", name)
	}
	return s, nil
}

type memCallbacks struct {
	mu  sync.Mutex
	got []ivr.CallbackRequest
}

func (m *memCallbacks) RequestCallback(ctx context.Context, r ivr.CallbackRequest) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.got = append(m.got, r)
	return nil
}

// noise returns d of band-limited noise, distinct per seed, as a prompt.
func noise(seed uint64, d time.Duration) []int16 {
	r := rand.New(rand.NewPCG(seed, seed*7+1))
	n := int(d / (time.Second / audio.Rate))
	x := make([]float64, n)
	for i := range x {
		x[i] = r.NormFloat64() * 0.2
	}
	// low-pass to telephone band so G.711 and the phone keep it
	y := audio.Resample(audio.Resample(x, 8000, 6000), 6000, 8000)
	return audio.PCM16(y[:min(len(y), n)])
}

const testHours = "mon-fri 08:00-16:00"

func testFlow(t *testing.T) *ivr.Flow {
	h, err := workdays.ParseWeeklyHours(testHours)
	if err != nil {
		t.Fatal(err)
	}
	f := &ivr.Flow{Name: "office", Language: "cs", Start: "notice", Nodes: []ivr.Node{
		{ID: "notice", Kind: ivr.KindNotice, Prompt: "notice", Digit: "9", TimeoutS: 1, Next: "hours"},
		{ID: "hours", Kind: ivr.KindTime, Hours: h, Open: "menu", Closed: "after"},
		{ID: "menu", Kind: ivr.KindMenu, Prompt: "menu", Choices: map[string]string{"1": "clerks"}, TimeoutS: 5, NoInput: "bye"},
		{ID: "clerks", Kind: ivr.KindTransfer, Target: "600", Group: true, Failed: "bye"},
		{ID: "after", Kind: ivr.KindPlay, Prompt: "after_hours", Next: "bye"},
		{ID: "bye", Kind: ivr.KindHangup},
	}}
	if err := f.Validate(nil); err != nil {
		t.Fatal(err)
	}
	return f
}

type env struct {
	gw        *Gateway
	bus       *cti.Bus
	sub       *cti.Subscription
	prompts   memPrompts
	callbacks *memCallbacks
	pacing    *media.Histogram
	target    *transferTarget
}

// startGateway runs a trunk-mode gateway on loopback with the clock
// frozen at now.
func startGateway(t *testing.T, now time.Time) *env {
	t.Helper()
	e := &env{bus: cti.NewBus(nil), callbacks: &memCallbacks{}, pacing: &media.Histogram{},
		prompts: memPrompts{"notice": noise(1, 1200*time.Millisecond), "menu": noise(2, 1500*time.Millisecond),
			"after_hours": noise(3, 1600*time.Millisecond)}}
	e.sub = e.bus.Subscribe(nil, 100)
	e.target = startTarget(t)
	gw, err := New(Options{Listen: "127.0.0.1:0", Mode: ModeTrunk, Flows: memFlows{testFlow(t)}, Prompts: e.prompts,
		Callbacks: e.callbacks, Bus: e.bus, Pacing: e.pacing, TransferHost: e.target.addr,
		Normalize: func(s string) string { return "+420" + s },
		Now:       func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case <-gw.Ready():
	case err := <-done:
		t.Fatal(err)
	}
	e.gw = gw
	return e
}

// waitBus waits for an event of the type on the bus.
func (e *env) waitBus(t *testing.T, typ string, d time.Duration) cti.Event {
	t.Helper()
	timeout := time.After(d)
	for {
		select {
		case ev := <-e.sub.Events():
			t.Logf("bus: %s %v", ev.Type, ev.Data)
			if ev.Type == typ {
				return ev
			}
		case <-timeout:
			t.Fatalf("bus event %s did not come within %s", typ, d)
		}
	}
}

// transferTarget is the PBX side of a REFER: a SIP endpoint that answers
// the transferee's INVITE.
type transferTarget struct {
	addr    string
	invites chan *sip.Request
}

func startTarget(t *testing.T) *transferTarget {
	t.Helper()
	ua, err := sipgo.NewUA(sipgo.WithUserAgent("pbx"))
	if err != nil {
		t.Fatal(err)
	}
	srv, _ := sipgo.NewServer(ua)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tt := &transferTarget{addr: pc.LocalAddr().String(), invites: make(chan *sip.Request, 4)}
	rtp, _ := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	srv.OnInvite(func(req *sip.Request, tx sip.ServerTransaction) {
		tt.invites <- req
		res := sip.NewSDPResponseFromRequest(req, media.Answer(net.IPv4(127, 0, 0, 1), rtp.LocalAddr().(*net.UDPAddr).Port, audio.PCMA, 0, 1))
		res.AppendHeader(&sip.ContactHeader{Address: sip.Uri{Scheme: "sip", User: "600", Host: "127.0.0.1", Port: pc.LocalAddr().(*net.UDPAddr).Port}})
		_ = tx.Respond(res)
		<-tx.Done()
	})
	srv.OnAck(func(req *sip.Request, tx sip.ServerTransaction) {})
	srv.OnBye(func(req *sip.Request, tx sip.ServerTransaction) {
		_ = tx.Respond(sip.NewResponseFromRequest(req, 200, "OK", nil))
	})
	go func() { _ = srv.ServeUDP(pc) }()
	t.Cleanup(func() { ua.Close(); pc.Close(); rtp.Close() })
	return tt
}

// silenceWAV writes the phone's microphone: silence.
func silenceWAV(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "mic.wav")
	if err := os.WriteFile(p, audio.WriteWAV(make([]int16, 8000*30), 8000), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var (
	tuesday  = time.Date(2026, 11, 24, 10, 0, 0, 0, workdays.Prague())
	saturday = time.Date(2026, 11, 28, 10, 0, 0, 0, workdays.Prague())
)

// bestMatch slides prompt over rec and returns the highest normalised
// correlation and its lag in samples.
func bestMatch(rec, prompt []float64) (float64, int) {
	best, lag := 0.0, 0
	var pe float64
	for _, v := range prompt {
		pe += v * v
	}
	for k := 0; k+len(prompt) <= len(rec); k++ {
		var dot, re float64
		for i, v := range prompt {
			dot += v * rec[k+i]
			re += rec[k+i] * rec[k+i]
		}
		if re == 0 {
			continue
		}
		if c := dot / math.Sqrt(pe*re); c > best {
			best, lag = c, k
		}
	}
	return best, lag
}

func rms(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

func floats(s []int16) []float64 {
	out := make([]float64, len(s))
	for i, v := range s {
		out[i] = float64(v) / 32768
	}
	return out
}
