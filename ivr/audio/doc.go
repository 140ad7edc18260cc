// Package audio converts prompts for the voice gateway: it reads a WAV
// file of any sample rate and channel count (PCM, through go-audio/wav),
// mixes it to mono, resamples it to 8 kHz through a windowed-sinc
// low-pass filter, writes 8 kHz 16-bit WAV for storage and listening in
// the browser, and encodes G.711 A-law and µ-law (ITU-T G.711) for RTP.
// It is pure: no network, no goroutines, no logging.
package audio
