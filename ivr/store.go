package ivr

import (
	"context"
	"errors"
	"io"
	"time"
)

// Errors of the flow and prompt storage and of Service.
var (
	// ErrNotFound: no such flow, version or prompt.
	ErrNotFound = errors.New("ivr: not found")
	// ErrInvalid wraps bad input: a name, a language, an audio file.
	ErrInvalid = errors.New("ivr: invalid input")
)

// FlowVersion is one saved version of a flow.
type FlowVersion struct {
	Name    string
	Version int
	Flow    *Flow
	// Note says what changed, for the admin.
	Note      string
	CreatedAt time.Time
	CreatedBy string
	// Active marks the version calls run; at most one per name.
	Active      bool
	ActivatedAt time.Time
	ActivatedBy string
}

// Prompt is an uploaded announcement in one language; its audio (8 kHz
// 16-bit mono WAV) is in the blob store under BlobKey.
type Prompt struct {
	Name     string
	Language string
	BlobKey  string
	Duration time.Duration
	// SourceRate and SourceChannels describe the file as uploaded.
	SourceRate     int
	SourceChannels int
	// Text is what the prompt says (a transcript, or the words it was
	// synthesised from).
	Text      string
	UpdatedAt time.Time
	UpdatedBy string
}

// Store keeps flow versions and prompts (internal/store implements it).
type Store interface {
	// CreateFlowVersion saves v as the next version of its flow, setting
	// v.Version.
	CreateFlowVersion(ctx context.Context, v *FlowVersion) error
	// FlowVersion returns a version; ErrNotFound if there is none.
	FlowVersion(ctx context.Context, name string, version int) (FlowVersion, error)
	// ActiveFlowVersion returns the active version of a flow.
	ActiveFlowVersion(ctx context.Context, name string) (FlowVersion, error)
	// FlowVersions returns the versions of a flow, newest first, or of
	// every flow when name is "".
	FlowVersions(ctx context.Context, name string) ([]FlowVersion, error)
	// ActivateFlowVersion makes a version the active one of its flow.
	ActivateFlowVersion(ctx context.Context, name string, version int, at time.Time, by string) error
	// SavePrompt creates or replaces a prompt (name and language).
	SavePrompt(ctx context.Context, p Prompt) error
	// Prompt returns a prompt; ErrNotFound if there is none.
	Prompt(ctx context.Context, name, lang string) (Prompt, error)
	// Prompts returns every prompt by name and language.
	Prompts(ctx context.Context) ([]Prompt, error)
	// DeletePrompt removes a prompt; ErrNotFound if there is none.
	DeletePrompt(ctx context.Context, name, lang string) error
}

// Blobs is the blob store prompts' audio lives in (internal/blob).
type Blobs interface {
	Put(ctx context.Context, r io.Reader, max int64) (key string, size int64, err error)
	Open(ctx context.Context, key string) (io.ReadSeekCloser, error)
}
