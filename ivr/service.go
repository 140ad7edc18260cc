package ivr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"linka/ivr/audio"
)

// Limits of prompts.
const (
	// MaxPromptUpload is the largest WAV file accepted.
	MaxPromptUpload = 64 << 20
	// promptCacheSize is how many prompts' samples are kept in memory.
	promptCacheSize = 128
)

// promptName is what a prompt may be called.
var promptName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,39}$`)

// Service is the voice gateway's configuration as PBX admins edit it:
// flow versions (saved, validated, activated) and prompts (uploaded,
// converted, listened to). It implements FlowSource and PromptSource for
// the SIP side. It is safe for concurrent use.
type Service struct {
	store Store
	blobs Blobs
	now   func() time.Time

	mu    sync.Mutex
	cache map[string][]int16 // samples by blob key (content-addressed)
}

// NewService returns the service over store and blobs; now nil means
// time.Now.
func NewService(store Store, blobs Blobs, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, blobs: blobs, now: now, cache: map[string][]int16{}}
}

var (
	_ FlowSource   = (*Service)(nil)
	_ PromptSource = (*Service)(nil)
)

// SaveFlow saves f as a new version of its flow (not yet active). A flow
// is saved even when it would not pass validation, as a draft; the
// problems are returned beside the version and activation refuses it.
func (s *Service) SaveFlow(ctx context.Context, f *Flow, note, by string) (FlowVersion, error) {
	if f == nil || !promptName.MatchString(f.Name) {
		return FlowVersion{}, fmt.Errorf("%w: a flow name is 1–40 lowercase letters, digits, _ or -", ErrInvalid)
	}
	if len(f.Nodes) > MaxNodes {
		return FlowVersion{}, fmt.Errorf("%w: at most %d nodes", ErrInvalid, MaxNodes)
	}
	v := FlowVersion{Name: f.Name, Flow: f, Note: strings.TrimSpace(note), CreatedAt: s.now(), CreatedBy: by}
	if err := s.store.CreateFlowVersion(ctx, &v); err != nil {
		return FlowVersion{}, err
	}
	return v, nil
}

// Check validates f against the prompts that exist.
func (s *Service) Check(ctx context.Context, f *Flow) error {
	prompts, err := s.store.Prompts(ctx)
	if err != nil {
		return err
	}
	have := map[[2]string]bool{}
	for _, p := range prompts {
		have[[2]string{p.Name, p.Language}] = true
	}
	return f.Validate(func(name, lang string) bool { return have[[2]string{name, lang}] })
}

// ActivateFlow validates a saved version and makes calls run it.
func (s *Service) ActivateFlow(ctx context.Context, name string, version int, by string) error {
	v, err := s.store.FlowVersion(ctx, name, version)
	if err != nil {
		return err
	}
	if err := s.Check(ctx, v.Flow); err != nil {
		return err
	}
	return s.store.ActivateFlowVersion(ctx, name, version, s.now(), by)
}

// ActiveFlow implements FlowSource.
func (s *Service) ActiveFlow(ctx context.Context, name string) (*Flow, error) {
	v, err := s.store.ActiveFlowVersion(ctx, name)
	if err != nil {
		return nil, err
	}
	return v.Flow, nil
}

// FlowVersion returns a saved version.
func (s *Service) FlowVersion(ctx context.Context, name string, version int) (FlowVersion, error) {
	return s.store.FlowVersion(ctx, name, version)
}

// FlowVersions returns the versions of a flow (every flow when name is
// ""), newest first.
func (s *Service) FlowVersions(ctx context.Context, name string) ([]FlowVersion, error) {
	return s.store.FlowVersions(ctx, name)
}

// Prompts returns every prompt.
func (s *Service) Prompts(ctx context.Context) ([]Prompt, error) { return s.store.Prompts(ctx) }

// checkPromptKey validates a prompt's name and language.
func checkPromptKey(name, lang string) error {
	if !promptName.MatchString(name) {
		return fmt.Errorf("%w: a prompt name is 1–40 lowercase letters, digits, _ or -", ErrInvalid)
	}
	if lang != LangCzech && lang != LangEnglish {
		return fmt.Errorf("%w: language %q is not cs or en", ErrInvalid, lang)
	}
	return nil
}

// UploadPrompt reads a WAV file of any sample rate and channel count,
// converts it to 8 kHz mono, stores it and creates or replaces the
// prompt name in lang.
func (s *Service) UploadPrompt(ctx context.Context, name, lang string, r io.Reader, text, by string) (Prompt, error) {
	if err := checkPromptKey(name, lang); err != nil {
		return Prompt{}, err
	}
	b, err := io.ReadAll(io.LimitReader(r, MaxPromptUpload+1))
	if err != nil {
		return Prompt{}, fmt.Errorf("ivr: read upload: %w", err)
	}
	if len(b) > MaxPromptUpload {
		return Prompt{}, fmt.Errorf("%w: the file is larger than %d MiB", ErrInvalid, MaxPromptUpload>>20)
	}
	d, err := audio.ReadWAV(bytes.NewReader(b))
	if err != nil {
		return Prompt{}, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if len(d.Samples) < audio.Rate/10 {
		return Prompt{}, fmt.Errorf("%w: the recording is shorter than 0.1 s", ErrInvalid)
	}
	pcm := audio.PCM16(d.Samples)
	key, _, err := s.blobs.Put(ctx, bytes.NewReader(audio.WriteWAV(pcm, audio.Rate)), MaxPromptUpload)
	if err != nil {
		return Prompt{}, fmt.Errorf("ivr: store prompt audio: %w", err)
	}
	p := Prompt{Name: name, Language: lang, BlobKey: key, Duration: time.Duration(len(pcm)) * time.Second / audio.Rate,
		SourceRate: d.SourceRate, SourceChannels: d.Channels, Text: strings.TrimSpace(text), UpdatedAt: s.now(), UpdatedBy: by}
	if err := s.store.SavePrompt(ctx, p); err != nil {
		return Prompt{}, err
	}
	return p, nil
}

// DeletePrompt removes a prompt (its audio stays in the blob store, which
// is content-addressed and may share it).
func (s *Service) DeletePrompt(ctx context.Context, name, lang string) error {
	return s.store.DeletePrompt(ctx, name, lang)
}

// PromptWAV opens the prompt's 8 kHz WAV file, for listening.
func (s *Service) PromptWAV(ctx context.Context, name, lang string) (Prompt, io.ReadSeekCloser, error) {
	p, err := s.store.Prompt(ctx, name, lang)
	if err != nil {
		return Prompt{}, nil, err
	}
	rc, err := s.blobs.Open(ctx, p.BlobKey)
	if err != nil {
		return Prompt{}, nil, fmt.Errorf("ivr: open prompt audio: %w", err)
	}
	return p, rc, nil
}

// PromptAudio implements PromptSource: the prompt's samples, from memory
// after the first use (keyed by the content's hash, so a replaced prompt
// is read afresh).
func (s *Service) PromptAudio(ctx context.Context, name, lang string) ([]int16, error) {
	p, err := s.store.Prompt(ctx, name, lang)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	samples, ok := s.cache[p.BlobKey]
	s.mu.Unlock()
	if ok {
		return samples, nil
	}
	rc, err := s.blobs.Open(ctx, p.BlobKey)
	if err != nil {
		return nil, fmt.Errorf("ivr: open prompt audio: %w", err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("ivr: read prompt audio: %w", err)
	}
	if samples, err = audio.ReadPCM16(b); err != nil {
		return nil, err
	}
	s.mu.Lock()
	if len(s.cache) >= promptCacheSize {
		clear(s.cache)
	}
	s.cache[p.BlobKey] = samples
	s.mu.Unlock()
	return samples, nil
}

// IsNotFound reports whether err means a missing flow or prompt.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }
