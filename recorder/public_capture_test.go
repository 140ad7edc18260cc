package recorder_test

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-audio/wav"

	"linka/recorder"
)

// readWAV decodes a WAV file with go-audio/wav, independently of the
// writer, and returns its interleaved samples.
func readWAV(t *testing.T, path string) (*wav.Decoder, []int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := wav.NewDecoder(f)
	if !d.IsValidFile() {
		t.Fatalf("%s is not a valid WAV file", path)
	}
	buf, err := d.FullPCMBuffer()
	if err != nil {
		t.Fatalf("decode %s: %v", path, err)
	}
	return d, buf.Data
}

// The public capture (236 PCMA packets of 30 ms, RTP only) decodes to
// 7.08 s without loss, and its left channel equals what sox decodes from
// the payloads tshark extracts, sample for sample.
func TestEngine_PublicCapture(t *testing.T) {
	recs := importFile(t, "testdata/g711a.pcap", recorder.Options{})
	if len(recs) != 1 {
		t.Fatalf("recordings = %d, want 1: %+v", len(recs), recs)
	}
	r := recs[0]
	if r.Unrecordable != "" {
		t.Fatalf("unrecordable: %s", r.Unrecordable)
	}
	if want := int64(236 * 240); r.Frames != want {
		t.Errorf("frames = %d, want %d (%v)", r.Frames, want, r.Duration())
	}
	if r.Duration() != 7080*time.Millisecond {
		t.Errorf("duration = %v, want 7.08s", r.Duration())
	}
	left := r.Legs[recorder.ChannelTrunk]
	if left.Packets != 236 || left.Lost != 0 || left.Duplicates != 0 || left.Late != 0 {
		t.Errorf("left leg = %+v, want 236 packets, nothing lost", left)
	}
	if r.Codec != "PCMA" || len(left.SSRCs) != 1 || left.SSRCs[0] != 0xDEE0EE8F {
		t.Errorf("codec %s ssrcs %x, want PCMA [dee0ee8f]", r.Codec, left.SSRCs)
	}
	if left.JitterMS <= 0 || left.JitterMS > 5 {
		t.Errorf("jitter = %v ms, want a small positive figure (tshark: max 0.83)", left.JitterMS)
	}
	d, samples := readWAV(t, r.File)
	if d.NumChans != 2 || d.SampleRate != 8000 || d.BitDepth != 16 {
		t.Fatalf("format = %d ch %d Hz %d bit, want 2/8000/16", d.NumChans, d.SampleRate, d.BitDepth)
	}
	if len(samples) != 2*236*240 {
		t.Fatalf("samples = %d, want %d", len(samples), 2*236*240)
	}
	t.Run("sox", func(t *testing.T) { compareWithSox(t, samples, true) })
}

// compareWithSox extracts the RTP payloads of the public capture with
// tshark, decodes them with sox and compares them with the left channel
// from its first frame (and the right channel with silence when
// rightSilent).
func compareWithSox(t *testing.T, samples []int, rightSilent bool) {
	requirePeer(t, "tshark", "apt-get install tshark")
	requirePeer(t, "sox", "apt-get install sox")
	out, err := exec.Command("tshark", "-r", "testdata/g711a.pcap", "-o", "rtp.heuristic_rtp:TRUE",
		"-Y", "rtp", "-T", "fields", "-e", "rtp.payload").Output()
	if err != nil {
		t.Fatalf("tshark: %v", err)
	}
	var alaw []byte
	for _, line := range strings.Fields(string(out)) {
		b, err := hex.DecodeString(strings.ReplaceAll(line, ":", ""))
		if err != nil {
			t.Fatalf("tshark payload %q: %v", line, err)
		}
		alaw = append(alaw, b...)
	}
	if len(alaw) != 236*240 {
		t.Fatalf("tshark gave %d payload bytes, want %d", len(alaw), 236*240)
	}
	dir := t.TempDir()
	in, pcm := filepath.Join(dir, "in.al"), filepath.Join(dir, "out.s16")
	if err := os.WriteFile(in, alaw, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("sox", "-t", "al", "-r", "8000", "-c", "1", in, "-t", "s16", "-e", "signed-integer",
		"-L", pcm).CombinedOutput(); err != nil {
		t.Fatalf("sox: %v\n%s", err, out)
	}
	raw, err := os.ReadFile(pcm)
	if err != nil {
		t.Fatal(err)
	}
	ref := make([]int16, len(raw)/2)
	if err := binary.Read(bytes.NewReader(raw), binary.LittleEndian, ref); err != nil {
		t.Fatal(err)
	}
	if len(ref) > len(samples)/2 || rightSilent && len(ref) != len(samples)/2 {
		t.Fatalf("sox samples = %d, recording %d", len(ref), len(samples)/2)
	}
	for i, want := range ref {
		if got := samples[2*i]; got != int(want) {
			t.Fatalf("left sample %d = %d, sox says %d", i, got, want)
		}
		if rightSilent && samples[2*i+1] != 0 {
			t.Fatalf("right sample %d = %d, want silence", i, samples[2*i+1])
		}
	}
}
