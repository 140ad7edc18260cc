package audio

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func tone(freq float64, rate int, d float64, amp float64) []float64 {
	out := make([]float64, int(d*float64(rate)))
	for i := range out {
		out[i] = amp * math.Sin(2*math.Pi*freq*float64(i)/float64(rate))
	}
	return out
}

func rms(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s / float64(len(x)))
}

func TestResample_LowPass(t *testing.T) {
	tests := []struct {
		name      string
		freq      float64
		from      int
		wantAbove float64
		wantBelow float64
	}{
		{"1 kHz passes from 44.1 kHz", 1000, 44100, 0.69, 0.72},
		{"3 kHz passes from 48 kHz", 3000, 48000, 0.68, 0.72},
		{"5 kHz is removed, not aliased to 3 kHz", 5000, 44100, 0, 0.005},
		{"7 kHz is removed from 16 kHz", 7000, 16000, 0, 0.005},
		{"1 kHz passes from 6 kHz upward", 1000, 6000, 0.69, 0.72},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := Resample(tone(tt.freq, tt.from, 1, 1), tt.from, Rate)
			if len(out) != Rate {
				t.Fatalf("len = %d, want %d", len(out), Rate)
			}
			got := rms(out[400 : len(out)-400]) // skip the edges
			if got < tt.wantAbove || got > tt.wantBelow {
				t.Fatalf("rms = %.4f, want %.3f–%.3f", got, tt.wantAbove, tt.wantBelow)
			}
		})
	}
}

func TestG711_RoundTrip(t *testing.T) {
	for _, c := range []Codec{PCMA, PCMU} {
		for s := -32768; s <= 32767; s += 7 {
			got := int(c.Decode(nil, c.Encode(nil, []int16{int16(s)}))[0])
			tol := max(abs(s)/16, 16)
			if abs(got-s) > tol {
				t.Fatalf("%s: decode(encode(%d)) = %d", c, s, got)
			}
		}
	}
	if ALaw(0) != 0xD5 || ULaw(0) != 0xFF {
		t.Fatalf("silence = %#x %#x, want 0xd5 0xff", ALaw(0), ULaw(0))
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestG711_MatchesSox encodes a sweep with sox, an independent G.711
// implementation, and compares the bytes.
func TestG711_MatchesSox(t *testing.T) {
	if _, err := exec.LookPath("sox"); err != nil {
		if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
			t.Fatal("sox is required: apt-get install sox")
		}
		t.Skip("sox not installed (apt-get install sox)")
	}
	dir := t.TempDir()
	samples := make([]int16, 0, 65536/3+1)
	for s := -32768; s <= 32767; s += 3 {
		samples = append(samples, int16(s))
	}
	in := filepath.Join(dir, "in.wav")
	if err := os.WriteFile(in, WriteWAV(samples, Rate), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		codec Codec
		enc   string
	}{{PCMA, "a-law"}, {PCMU, "u-law"}} {
		out := filepath.Join(dir, c.enc+".raw")
		if b, err := exec.Command("sox", in, "-t", "raw", "-e", c.enc, "-b", "8", out).CombinedOutput(); err != nil {
			t.Fatalf("sox: %v: %s", err, b)
		}
		want, _ := os.ReadFile(out)
		got := c.codec.Encode(nil, samples)
		if len(got) != len(want) {
			t.Fatalf("%s: %d bytes, sox wrote %d", c.enc, len(got), len(want))
		}
		diff := 0
		for i := range got {
			if got[i] == want[i] {
				continue
			}
			diff++
			// sox rounds to the 13/14-bit input where G.191 truncates:
			// a sample on a step boundary may land one step away.
			a, b := int(c.codec.Decode(nil, got[i:i+1])[0]), int(c.codec.Decode(nil, want[i:i+1])[0])
			if step := max(abs(b)/8, 32); abs(a-b) > step {
				t.Fatalf("%s: sample %d encodes to %#x (%d), sox %#x (%d)", c.enc, samples[i], got[i], a, want[i], b)
			}
		}
		if diff > len(got)/20 {
			t.Fatalf("%s: %d of %d bytes differ from sox", c.enc, diff, len(got))
		}
	}
}

func TestReadWAV(t *testing.T) {
	// A 44.1 kHz stereo 16-bit file of a 1 kHz tone.
	src := tone(1000, 44100, 0.5, 0.5)
	pcm := PCM16(src)
	stereo := make([]int16, 0, 2*len(pcm))
	for _, v := range pcm {
		stereo = append(stereo, v, v)
	}
	b := WriteWAV(stereo, 44100)
	// patch the header to two channels
	b[22] = 2
	b[28], b[29], b[30], b[31] = le32(44100 * 4)
	b[32] = 4
	d, err := ReadWAV(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if d.SourceRate != 44100 || d.Channels != 2 || len(d.Samples) != 4000 {
		t.Fatalf("ReadWAV = %d Hz, %d ch, %d samples, want 44100, 2, 4000", d.SourceRate, d.Channels, len(d.Samples))
	}
	if got := rms(d.Samples[400:3600]); math.Abs(got-0.3535) > 0.01 {
		t.Fatalf("rms = %.4f, want 0.354", got)
	}
	if _, err := ReadWAV(bytes.NewReader([]byte("not a wav file at all, just text"))); err == nil {
		t.Fatal("ReadWAV accepted text")
	}
}

func le32(v int) (byte, byte, byte, byte) {
	return byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)
}
