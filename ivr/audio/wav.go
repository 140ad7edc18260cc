package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/go-audio/wav"
)

// Rate is the sample rate of telephone audio.
const Rate = 8000

// Limits of an uploaded prompt.
const (
	MaxPromptDuration = 10 * time.Minute
	MaxInputRate      = 192000
)

// ErrNotWAV is wrapped by the errors of a file that is not a usable WAV.
var ErrNotWAV = errors.New("audio: not a PCM WAV file")

// Decoded is a prompt as read: mono samples in -1..1 at Rate Hz.
type Decoded struct {
	Samples    []float64
	SourceRate int
	Channels   int
}

// ReadWAV reads a PCM WAV file of any sample rate and channel count, mixes
// it to mono and resamples it to 8 kHz.
func ReadWAV(r io.ReadSeeker) (Decoded, error) {
	d := wav.NewDecoder(r)
	if !d.IsValidFile() {
		return Decoded{}, fmt.Errorf("%w: no RIFF/WAVE header or an unsupported format (use 8–32 bit PCM)", ErrNotWAV)
	}
	if d.WavAudioFormat != 1 {
		return Decoded{}, fmt.Errorf("%w: format %d is not PCM (convert A-law, µ-law or float files to PCM first)", ErrNotWAV, d.WavAudioFormat)
	}
	rate, ch, depth := int(d.SampleRate), int(d.NumChans), int(d.BitDepth)
	if rate < 4000 || rate > MaxInputRate || ch < 1 || ch > 8 {
		return Decoded{}, fmt.Errorf("%w: %d Hz, %d channels is not supported", ErrNotWAV, rate, ch)
	}
	if dur, err := d.Duration(); err == nil && dur > MaxPromptDuration {
		return Decoded{}, fmt.Errorf("%w: %s is longer than %s", ErrNotWAV, dur.Round(time.Second), MaxPromptDuration)
	}
	buf, err := d.FullPCMBuffer()
	if err != nil {
		return Decoded{}, fmt.Errorf("%w: %w", ErrNotWAV, err)
	}
	full := float64(int64(1) << (depth - 1))
	if depth == 8 {
		full = 128 // 8-bit WAV is unsigned; go-audio leaves it offset
	}
	frames := len(buf.Data) / ch
	mono := make([]float64, frames)
	for i := range frames {
		var sum float64
		for c := range ch {
			v := float64(buf.Data[i*ch+c])
			if depth == 8 {
				v -= 128
			}
			sum += v
		}
		mono[i] = sum / float64(ch) / full
	}
	return Decoded{Samples: Resample(mono, rate, Rate), SourceRate: rate, Channels: ch}, nil
}

// PCM16 converts samples in -1..1 to 16-bit PCM, clipping.
func PCM16(samples []float64) []int16 {
	out := make([]int16, len(samples))
	for i, v := range samples {
		v *= 32767
		switch {
		case v > 32767:
			v = 32767
		case v < -32768:
			v = -32768
		}
		if v >= 0 {
			out[i] = int16(v + 0.5)
		} else {
			out[i] = int16(v - 0.5)
		}
	}
	return out
}

// WriteWAV returns a 16-bit mono PCM WAV file of samples at rate.
func WriteWAV(samples []int16, rate int) []byte {
	var b bytes.Buffer
	dataLen := uint32(2 * len(samples))
	b.WriteString("RIFF")
	_ = binary.Write(&b, binary.LittleEndian, 36+dataLen)
	b.WriteString("WAVEfmt ")
	_ = binary.Write(&b, binary.LittleEndian, struct {
		Size                 uint32
		Format, Channels     uint16
		Rate, ByteRate       uint32
		Align, BitsPerSample uint16
	}{16, 1, 1, uint32(rate), uint32(rate * 2), 2, 16})
	b.WriteString("data")
	_ = binary.Write(&b, binary.LittleEndian, dataLen)
	_ = binary.Write(&b, binary.LittleEndian, samples)
	return b.Bytes()
}

// ReadPCM16 reads a WAV file this package wrote (16-bit mono at 8 kHz)
// or any other PCM WAV, returning 8 kHz 16-bit samples.
func ReadPCM16(b []byte) ([]int16, error) {
	d, err := ReadWAV(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return PCM16(d.Samples), nil
}
