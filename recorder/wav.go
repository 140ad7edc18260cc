package recorder

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
)

// The WAV writer. go-audio/wav's Encoder writes the RIFF and data sizes
// only when it is closed, so a recorder killed mid-call would leave a file
// whose header claims no audio. This writer keeps the canonical 44-byte
// PCM header valid while it records: Sync flushes the samples and rewrites
// both sizes in place (pwrite, so the append position is untouched), and
// the engine calls it at least every second. A file left by a crash is
// therefore playable up to its last Sync, and RepairWAV recovers the rest.

// WAV layout offsets (RIFF/WAVE, canonical PCM header).
const (
	wavHeaderLen   = 44
	wavRIFFSizeOff = 4  // RIFF chunk size: file length - 8
	wavDataSizeOff = 40 // data chunk size: bytes of samples
)

// WAVWriter writes 16-bit PCM to a WAV file whose header stays valid
// while it grows. It is not safe for concurrent use.
type WAVWriter struct {
	f        *os.File
	bw       *bufio.Writer
	channels int
	data     int64 // bytes of samples written, buffered ones included
	synced   int64 // bytes of samples the header declares
	buf      []byte
}

// CreateWAV creates a new WAV file of 16-bit samples at rate Hz with
// channels interleaved channels. It fails if path exists.
func CreateWAV(path string, channels, rate int) (*WAVWriter, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return nil, fmt.Errorf("recorder: create wav: %w", err)
	}
	w := &WAVWriter{f: f, bw: bufio.NewWriterSize(f, 32<<10), channels: channels}
	if _, err := f.Write(wavHeader(channels, rate, 0)); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("recorder: write wav header: %w", err)
	}
	return w, nil
}

// wavHeader returns the canonical header of a PCM file with dataLen bytes
// of 16-bit samples.
func wavHeader(channels, rate int, dataLen uint32) []byte {
	h := make([]byte, wavHeaderLen)
	copy(h[0:], "RIFF")
	binary.LittleEndian.PutUint32(h[4:], 36+dataLen)
	copy(h[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(h[16:], 16)
	binary.LittleEndian.PutUint16(h[20:], 1) // PCM
	binary.LittleEndian.PutUint16(h[22:], uint16(channels))
	binary.LittleEndian.PutUint32(h[24:], uint32(rate))
	binary.LittleEndian.PutUint32(h[28:], uint32(rate*channels*2))
	binary.LittleEndian.PutUint16(h[32:], uint16(channels*2))
	binary.LittleEndian.PutUint16(h[34:], 16)
	copy(h[36:], "data")
	binary.LittleEndian.PutUint32(h[40:], dataLen)
	return h
}

// Write appends interleaved samples; len(samples) must be a multiple of
// the channel count.
func (w *WAVWriter) Write(samples []int16) error {
	if len(samples)%w.channels != 0 {
		return errors.New("recorder: wav: partial frame")
	}
	if cap(w.buf) < 2*len(samples) {
		w.buf = make([]byte, 2*len(samples))
	}
	b := w.buf[:2*len(samples)]
	for i, s := range samples {
		binary.LittleEndian.PutUint16(b[2*i:], uint16(s))
	}
	if _, err := w.bw.Write(b); err != nil {
		return fmt.Errorf("recorder: write wav: %w", err)
	}
	w.data += int64(len(b))
	return nil
}

// Frames returns the number of frames written.
func (w *WAVWriter) Frames() int64 { return w.data / int64(2*w.channels) }

// Sync flushes the buffered samples and updates the header to declare
// them, so the file is playable as it is now.
func (w *WAVWriter) Sync() error {
	if err := w.bw.Flush(); err != nil {
		return fmt.Errorf("recorder: flush wav: %w", err)
	}
	if w.synced == w.data {
		return nil
	}
	if err := writeSizes(w.f, w.data, 0); err != nil {
		return err
	}
	w.synced = w.data
	return nil
}

// writeSizes declares data bytes of samples and extra bytes of chunks
// after them in the header of f.
func writeSizes(f io.WriterAt, data, extra int64) error {
	var b [4]byte
	binary.LittleEndian.PutUint32(b[:], uint32(36+data+extra))
	if _, err := f.WriteAt(b[:], wavRIFFSizeOff); err != nil {
		return fmt.Errorf("recorder: update wav header: %w", err)
	}
	binary.LittleEndian.PutUint32(b[:], uint32(data))
	if _, err := f.WriteAt(b[:], wavDataSizeOff); err != nil {
		return fmt.Errorf("recorder: update wav header: %w", err)
	}
	return nil
}

// Close appends a LIST/INFO chunk with info (RIFF INFO ids such as
// "ICMT", "ICRD"; empty values are left out), writes the final sizes,
// syncs the file to disk and closes it.
func (w *WAVWriter) Close(info [][2]string) error {
	err := w.bw.Flush()
	list := infoChunk(info)
	if err == nil && len(list) > 0 {
		_, err = w.f.Write(list)
	}
	if err == nil {
		err = writeSizes(w.f, w.data, int64(len(list)))
	}
	if err == nil {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("recorder: close wav: %w", err)
	}
	return nil
}

// Abort closes the file and removes it.
func (w *WAVWriter) Abort() {
	w.f.Close()
	os.Remove(w.f.Name())
}

// infoChunk builds a RIFF LIST chunk of type INFO.
func infoChunk(info [][2]string) []byte {
	var body []byte
	for _, kv := range info {
		if kv[1] == "" || len(kv[0]) != 4 {
			continue
		}
		v := append([]byte(kv[1]), 0)
		if len(v)%2 == 1 {
			v = append(v, 0)
		}
		body = append(body, kv[0]...)
		body = binary.LittleEndian.AppendUint32(body, uint32(len(v)))
		body = append(body, v...)
	}
	if len(body) == 0 {
		return nil
	}
	out := append([]byte("LIST"), 0, 0, 0, 0)
	binary.LittleEndian.PutUint32(out[4:], uint32(4+len(body)))
	out = append(out, "INFO"...)
	return append(out, body...)
}

// RepairWAV makes a WAV file left by a crashed recorder consistent: the
// header declares every whole frame present, and a trailing partial frame
// is cut off. It returns the frames in the file and whether it changed
// anything. A file this package did not write is refused.
func RepairWAV(path string) (frames int64, repaired bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, false, fmt.Errorf("recorder: repair wav: %w", err)
	}
	defer f.Close()
	h := make([]byte, wavHeaderLen)
	if _, err := io.ReadFull(f, h); err != nil {
		return 0, false, fmt.Errorf("recorder: repair wav %s: short header: %w", path, err)
	}
	if string(h[0:4]) != "RIFF" || string(h[8:16]) != "WAVEfmt " || string(h[36:40]) != "data" {
		return 0, false, fmt.Errorf("recorder: repair wav %s: not a canonical PCM WAV file", path)
	}
	align := int64(binary.LittleEndian.Uint16(h[32:]))
	if align == 0 {
		return 0, false, fmt.Errorf("recorder: repair wav %s: block align is zero", path)
	}
	st, err := f.Stat()
	if err != nil {
		return 0, false, fmt.Errorf("recorder: repair wav: %w", err)
	}
	declared := int64(binary.LittleEndian.Uint32(h[wavDataSizeOff:]))
	riff := int64(binary.LittleEndian.Uint32(h[wavRIFFSizeOff:]))
	if riff+8 == st.Size() && wavHeaderLen+declared <= st.Size() && declared%align == 0 {
		return declared / align, false, nil // a finished file, maybe with an INFO chunk
	}
	data := (st.Size() - wavHeaderLen) / align * align
	if err := f.Truncate(wavHeaderLen + data); err != nil {
		return 0, false, fmt.Errorf("recorder: repair wav: %w", err)
	}
	if err := writeSizes(f, data, 0); err != nil {
		return 0, false, err
	}
	if err := f.Sync(); err != nil {
		return 0, false, fmt.Errorf("recorder: repair wav: %w", err)
	}
	return data / align, true, nil
}
