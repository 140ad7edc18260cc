package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"linka/internal/workdays"
	"linka/ivr"
	"linka/ivr/audio"
)

// prepareDemoIVR gives the demo a working voice gateway: the default
// office flow, its Czech and English prompts spoken by espeak-ng (or
// placeholder tones when espeak-ng is missing), and the flow activated.
// Prompts already present are kept, so an admin's uploads survive.
func prepareDemoIVR(ctx context.Context, b *backend, c *ivrConfig, log *slog.Logger) error {
	svc := ivr.NewService(b.db, b.blobs, nil)
	if err := ensureDefaultFlow(ctx, svc, c, log); err != nil {
		return err
	}
	have, err := svc.Prompts(ctx)
	if err != nil {
		return err
	}
	exists := map[[2]string]bool{}
	for _, p := range have {
		exists[[2]string{p.Name, p.Language}] = true
	}
	hours, _ := workdays.ParseWeeklyHours(ivr.DefaultHours)
	espeak, lookErr := exec.LookPath("espeak-ng")
	if lookErr != nil {
		log.Warn("espeak-ng is not installed: the demo's prompts are placeholder tones; install espeak-ng " +
			"(apt-get install espeak-ng) and delete them, or upload recordings at /ivr")
	}
	made := 0
	for _, lang := range []string{ivr.LangCzech, ivr.LangEnglish} {
		for name, text := range ivr.DefaultPromptTexts(lang, hours) {
			if exists[[2]string{name, lang}] {
				continue
			}
			wav, note, err := speak(ctx, espeak, lang, text)
			if err != nil {
				log.Warn("espeak-ng failed: using a placeholder tone", "prompt", name, "lang", lang, "err", err)
				wav, note = placeholder(text), " (placeholder tone)"
			}
			if _, err := svc.UploadPrompt(ctx, name, lang, bytes.NewReader(wav), text+note, "linka"); err != nil {
				return fmt.Errorf("demo prompt %s (%s): %w", name, lang, err)
			}
			made++
		}
	}
	if made > 0 {
		log.Info("demo voice prompts created", "count", made, "espeak_ng", lookErr == nil)
	}
	if _, err := svc.ActiveFlow(ctx, c.Flow); errors.Is(err, ivr.ErrNotFound) {
		vs, err := svc.FlowVersions(ctx, c.Flow)
		if err != nil || len(vs) == 0 {
			return err
		}
		if err := svc.ActivateFlow(ctx, c.Flow, vs[len(vs)-1].Version, "linka"); err != nil {
			return fmt.Errorf("activate the demo flow: %w", err)
		}
	}
	return nil
}

// speak synthesises text with espeak-ng into a WAV file ("" espeak: none).
func speak(ctx context.Context, espeak, lang, text string) ([]byte, string, error) {
	if espeak == "" {
		return placeholder(text), " (placeholder tone)", nil
	}
	dir, err := os.MkdirTemp("", "linka-espeak-")
	if err != nil {
		return nil, "", err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "p.wav")
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	voice := map[string]string{ivr.LangCzech: "cs", ivr.LangEnglish: "en"}[lang]
	if b, err := exec.CommandContext(ctx, espeak, "-v", voice, "-s", "150", "-w", out, text).CombinedOutput(); err != nil {
		return nil, "", fmt.Errorf("%w: %s", err, bytes.TrimSpace(b))
	}
	wav, err := os.ReadFile(out)
	return wav, "", err
}

// placeholder returns a soft two-tone chime, one per ten characters of
// text, so the demo flow plays something of about the right length.
func placeholder(text string) []byte {
	n := max(len([]rune(text))/10, 1)
	var s []float64
	for i := range n {
		f := 660.0
		if i%2 == 1 {
			f = 880
		}
		for k := range audio.Rate / 4 {
			env := math.Sin(math.Pi * float64(k) / float64(audio.Rate/4))
			s = append(s, 0.2*env*math.Sin(2*math.Pi*f*float64(k)/audio.Rate))
		}
		s = append(s, make([]float64, audio.Rate/10)...)
	}
	return audio.WriteWAV(audio.PCM16(s), audio.Rate)
}

// demoSIPAddr picks the demo gateway's SIP address: a free UDP port on
// loopback, so it can be printed before the gateway starts.
func demoSIPAddr() string {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return "127.0.0.1:0"
	}
	defer pc.Close()
	return pc.LocalAddr().String()
}
