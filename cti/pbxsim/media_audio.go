package pbxsim

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os/exec"
	"time"
)

// Audio for the simulated trunk: Czech speech made with espeak-ng when it
// is installed, tones otherwise. Nothing is stored in the repository.

// Tone returns d of A-law audio alternating between two frequencies every
// half second, at a moderate level, followed by half a second of silence.
func Tone(f1, f2 float64, d time.Duration) []byte {
	n := int(d.Seconds() * 8000)
	out := make([]byte, 0, n+4000)
	for i := range n {
		f := f1
		if (i/4000)%2 == 1 {
			f = f2
		}
		out = append(out, linear2alaw(int16(6000*math.Sin(2*math.Pi*f*float64(i)/8000))))
	}
	for range 4000 {
		out = append(out, linear2alaw(0))
	}
	return out
}

// Speech returns text spoken by espeak-ng in Czech as 8 kHz A-law, with a
// second of silence after it.
func Speech(ctx context.Context, text string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "espeak-ng", "-v", "cs", "-s", "150", "--stdout", text)
	wav, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("pbxsim: espeak-ng: %w", err)
	}
	pcm, rate, err := wavPCM(wav)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(pcm)*8000/rate+8000)
	for i := 0; ; i++ {
		x := float64(i) * float64(rate) / 8000 // linear interpolation
		j := int(x)
		if j+1 >= len(pcm) {
			break
		}
		v := float64(pcm[j]) + (x-float64(j))*float64(pcm[j+1]-pcm[j])
		out = append(out, linear2alaw(int16(v)))
	}
	for range 8000 {
		out = append(out, linear2alaw(0))
	}
	return out, nil
}

// wavPCM returns the 16-bit mono samples of a WAV file and its rate.
// espeak-ng writes its header with unknown sizes to a pipe, so the data
// chunk runs to the end whatever it declares.
func wavPCM(b []byte) ([]int16, int, error) {
	if len(b) < 44 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return nil, 0, errors.New("pbxsim: espeak-ng gave no WAV")
	}
	rate := int(binary.LittleEndian.Uint32(b[24:]))
	i := bytes.Index(b[12:], []byte("data"))
	if i < 0 || rate <= 0 || binary.LittleEndian.Uint16(b[22:]) != 1 {
		return nil, 0, errors.New("pbxsim: espeak-ng WAV is not 16-bit mono")
	}
	data := b[12+i+8:]
	pcm := make([]int16, len(data)/2)
	for k := range pcm {
		pcm[k] = int16(binary.LittleEndian.Uint16(data[2*k:]))
	}
	return pcm, rate, nil
}

// DemoPrompts returns the caller's and the clerk's audio for the demo:
// Czech sentences from espeak-ng, or tones when it is missing (ok false).
func DemoPrompts(ctx context.Context) (caller, clerk []byte, speech bool) {
	c, err1 := Speech(ctx, "Dobrý den, volám kvůli výtluku v Nádražní ulici. Kdy ho opravíte?")
	k, err2 := Speech(ctx, "Dobrý den, městský úřad, podatelna. Zapíšu to a pošlu vám číslo podání.")
	if err1 != nil || err2 != nil {
		return Tone(440, 660, 2*time.Second), Tone(520, 780, 2*time.Second), false
	}
	return c, k, true
}

// linear2alaw encodes a sample in G.711 A-law (ITU-T G.711 table 1a; the
// segment search of the Sun reference encoder).
func linear2alaw(pcm int16) byte {
	segEnd := [8]int{0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF}
	v := int(pcm) >> 3
	mask := byte(0xD5)
	if v < 0 {
		mask = 0x55
		v = -v - 1
	}
	seg := 0
	for seg < 8 && v > segEnd[seg] {
		seg++
	}
	if seg >= 8 {
		return 0x7F ^ mask
	}
	a := byte(seg << 4)
	if seg < 2 {
		a |= byte(v>>1) & 0x0f
	} else {
		a |= byte(v>>seg) & 0x0f
	}
	return a ^ mask
}
