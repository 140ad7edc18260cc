package pbxsim_test

import (
	"context"
	"net/netip"
	"sync"
	"testing"
	"time"

	"linka/cti/pbxsim"
	"linka/recorder"
)

type recSink struct {
	mu   sync.Mutex
	done []recorder.Info
}

func (s *recSink) RecordingStarted(recorder.Info) {}
func (s *recSink) RecordingFinished(i recorder.Info) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = append(s.done, i)
}

// The simulated trunk leg is what a passive recorder needs: each answered
// call gives a stereo recording with both sides' audio on their channels,
// the caller's number and the DDI.
func TestRunLoad_MediaIsRecordable(t *testing.T) {
	pbx, err := pbxsim.New(pbxsim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer pbx.Close()
	sink := &recSink{}
	e, err := recorder.NewEngine(recorder.Options{Dir: t.TempDir(), Sink: sink, PBXHosts: []netip.Addr{netip.MustParseAddr("198.51.100.5")}})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	send := func(at time.Time, src, dst netip.AddrPort, payload []byte) {
		mu.Lock()
		defer mu.Unlock()
		e.Handle(recorder.Packet{At: at, Src: src, Dst: dst, Payload: payload})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	err = pbx.RunLoad(ctx, pbxsim.LoadOptions{CallsPerMinute: 120, TalkMedian: time.Second, TalkMean: 1500 * time.Millisecond,
		RingMin: 100 * time.Millisecond, RingMax: 300 * time.Millisecond, AnswerRatio: 1, TransferRatio: -1, HoldRatio: -1,
		WithheldRatio: -1, Callers: []string{"602123456"}, Seed: 7,
		Media: &pbxsim.MediaOptions{Send: send}})
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	e.Close()
	mu.Unlock()
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.done) == 0 {
		t.Fatal("no recording")
	}
	for _, r := range sink.done {
		if r.Unrecordable != "" {
			t.Errorf("unrecordable: %+v", r)
			continue
		}
		if r.Caller != "602123456" || r.Direction != "incoming" || r.Codec != "PCMA" {
			t.Errorf("recording = caller %q direction %q codec %q", r.Caller, r.Direction, r.Codec)
		}
		if r.Legs[recorder.ChannelTrunk].Packets == 0 || r.Legs[recorder.ChannelPBX].Packets == 0 {
			t.Errorf("legs = %+v, want audio both ways", r.Legs)
		}
		if r.Legs[recorder.ChannelTrunk].Endpoint.Addr() != netip.MustParseAddr("198.51.100.5") {
			t.Errorf("left channel goes to %v, want the PBX (the caller's audio)", r.Legs[0].Endpoint)
		}
	}
	t.Logf("%d recordings", len(sink.done))
}
