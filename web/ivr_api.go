package web

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"linka/cases"
	"linka/ivr"
	"linka/ivr/sipua"
)

// IVRAdmin is what the voice gateway's admin UI and API need; *ivr.Service
// implements it.
type IVRAdmin interface {
	SaveFlow(ctx context.Context, f *ivr.Flow, note, by string) (ivr.FlowVersion, error)
	Check(ctx context.Context, f *ivr.Flow) error
	ActivateFlow(ctx context.Context, name string, version int, by string) error
	FlowVersion(ctx context.Context, name string, version int) (ivr.FlowVersion, error)
	FlowVersions(ctx context.Context, name string) ([]ivr.FlowVersion, error)
	Prompts(ctx context.Context) ([]ivr.Prompt, error)
	UploadPrompt(ctx context.Context, name, lang string, r io.Reader, text, by string) (ivr.Prompt, error)
	DeletePrompt(ctx context.Context, name, lang string) error
	PromptWAV(ctx context.Context, name, lang string) (ivr.Prompt, io.ReadSeekCloser, error)
}

var _ IVRAdmin = (*ivr.Service)(nil)

// needIVR answers 503 while the voice gateway is not configured and 403
// to users who are not PBX admins.
func (s *Server) needIVR(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		switch {
		case s.ivr.admin == nil:
			s.fail(w, r, cases.Errorf(cases.EUnavailable, "the voice gateway is not configured"))
		case !userOf(r).Has(cases.RolePBXAdmin):
			s.fail(w, r, forbidden("only PBX admins may configure the voice gateway"))
		default:
			next(w, r)
		}
	}
}

// ivrError turns the voice gateway's errors into domain errors.
func ivrError(err error) error {
	var ve *ivr.ValidationError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		return cases.Invalid("flow", "the flow is not valid: %s", strings.Join(ve.Problems, "; "))
	case errors.Is(err, ivr.ErrNotFound):
		return cases.Errorf(cases.ENotFound, "%s", strings.TrimPrefix(err.Error(), "ivr: not found: "))
	case errors.Is(err, ivr.ErrInvalid):
		return cases.Invalid("", "invalid voice gateway input: %s", strings.TrimPrefix(err.Error(), "ivr: invalid input: "))
	}
	return err
}

// flowVersionJSON is a flow version in the API.
type flowVersionJSON struct {
	Name        string    `json:"name"`
	Version     int       `json:"version"`
	Note        string    `json:"note"`
	CreatedAt   apiTime   `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
	Active      bool      `json:"active"`
	ActivatedAt *apiTime  `json:"activated_at"`
	Flow        *ivr.Flow `json:"flow,omitempty"`
	// Problems are what validation finds: a version with problems cannot
	// be activated.
	Problems []string `json:"problems"`
}

func (s *Server) flowJSON(ctx context.Context, v ivr.FlowVersion, withFlow bool) flowVersionJSON {
	out := flowVersionJSON{Name: v.Name, Version: v.Version, Note: v.Note, CreatedAt: apiTime(v.CreatedAt),
		CreatedBy: v.CreatedBy, Active: v.Active, Problems: []string{}}
	if !v.ActivatedAt.IsZero() {
		t := apiTime(v.ActivatedAt)
		out.ActivatedAt = &t
	}
	if withFlow {
		out.Flow = v.Flow
		var ve *ivr.ValidationError
		if err := s.ivr.admin.Check(ctx, v.Flow); errors.As(err, &ve) {
			out.Problems = ve.Problems
		}
	}
	return out
}

// promptJSON is a prompt in the API.
type promptJSON struct {
	Name           string  `json:"name"`
	Language       string  `json:"language"`
	DurationMS     int64   `json:"duration_ms"`
	SourceRate     int     `json:"source_rate"`
	SourceChannels int     `json:"source_channels"`
	Text           string  `json:"text"`
	UpdatedAt      apiTime `json:"updated_at"`
	UpdatedBy      string  `json:"updated_by"`
	AudioURL       string  `json:"audio_url"`
}

func promptOut(p ivr.Prompt) promptJSON {
	return promptJSON{Name: p.Name, Language: p.Language, DurationMS: p.Duration.Milliseconds(), SourceRate: p.SourceRate,
		SourceChannels: p.SourceChannels, Text: p.Text, UpdatedAt: apiTime(p.UpdatedAt), UpdatedBy: p.UpdatedBy,
		AudioURL: "/api/v1/ivr/prompts/" + p.Name + "/" + p.Language + "/audio"}
}

func (s *Server) apiIVRStatus(w http.ResponseWriter, r *http.Request) {
	st := sipua.Status{}
	if s.ivr.status != nil {
		st = s.ivr.status()
	}
	writeJSON(w, http.StatusOK, st)
}

func (s *Server) apiFlows(w http.ResponseWriter, r *http.Request) {
	vs, err := s.ivr.admin.FlowVersions(r.Context(), r.URL.Query().Get("name"))
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(vs, func(v *ivr.FlowVersion) flowVersionJSON { return s.flowJSON(r.Context(), *v, false) })))
}

// flowKey reads {name} and {version} of the path.
func flowKey(r *http.Request) (string, int, error) {
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		return "", 0, badRequest("version", "the version must be a positive number")
	}
	return r.PathValue("name"), v, nil
}

func (s *Server) apiFlowVersion(w http.ResponseWriter, r *http.Request) {
	name, version, err := flowKey(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.ivr.admin.FlowVersion(r.Context(), name, version)
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	writeJSON(w, http.StatusOK, s.flowJSON(r.Context(), v, true))
}

// apiSaveFlow saves a new version: {"flow": {…}, "note": "…"}.
func (s *Server) apiSaveFlow(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Flow *ivr.Flow `json:"flow"`
		Note string    `json:"note"`
	}
	if err := decodeJSON(r, &body); err != nil {
		s.fail(w, r, err)
		return
	}
	if body.Flow == nil {
		s.fail(w, r, badRequest("flow", "the flow is missing"))
		return
	}
	v, err := s.ivr.admin.SaveFlow(r.Context(), body.Flow, body.Note, userOf(r).Login)
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	s.logInfo(r, "ivr flow saved", "flow", v.Name, "version", v.Version)
	writeJSON(w, http.StatusCreated, s.flowJSON(r.Context(), v, true))
}

func (s *Server) apiActivateFlow(w http.ResponseWriter, r *http.Request) {
	name, version, err := flowKey(r)
	if err == nil {
		err = ivrError(s.ivr.admin.ActivateFlow(r.Context(), name, version, userOf(r).Login))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.logInfo(r, "ivr flow activated", "flow", name, "version", version)
	v, err := s.ivr.admin.FlowVersion(r.Context(), name, version)
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	writeJSON(w, http.StatusOK, s.flowJSON(r.Context(), v, true))
}

func (s *Server) apiPrompts(w http.ResponseWriter, r *http.Request) {
	ps, err := s.ivr.admin.Prompts(r.Context())
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	writeJSON(w, http.StatusOK, newList(mapSlice(ps, func(p *ivr.Prompt) promptJSON { return promptOut(*p) })))
}

// uploadPrompt reads a multipart upload (name, language, text, file) and
// stores the prompt.
func (s *Server) uploadPrompt(r *http.Request) (ivr.Prompt, error) {
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if isTooLarge(err) {
			return ivr.Prompt{}, cases.Errorf(cases.ETooLarge, "the file is too large")
		}
		return ivr.Prompt{}, badRequest("file", "send the prompt as multipart/form-data with a file field")
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		return ivr.Prompt{}, badRequest("file", "choose a WAV file")
	}
	defer f.Close()
	name, lang := strings.TrimSpace(r.FormValue("name")), r.FormValue("language")
	p, err := s.ivr.admin.UploadPrompt(r.Context(), name, lang, f, r.FormValue("text"), userOf(r).Login)
	if err != nil {
		s.logWarn(r, "prompt upload refused", "prompt", name, "lang", lang, "err", err)
		return ivr.Prompt{}, ivrError(err)
	}
	s.logInfo(r, "ivr prompt uploaded", "prompt", p.Name, "lang", p.Language, "duration", p.Duration.Round(time.Millisecond))
	return p, nil
}

func (s *Server) apiUploadPrompt(w http.ResponseWriter, r *http.Request) {
	p, err := s.uploadPrompt(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, promptOut(p))
}

func (s *Server) apiDeletePrompt(w http.ResponseWriter, r *http.Request) {
	if err := s.ivr.admin.DeletePrompt(r.Context(), r.PathValue("name"), r.PathValue("lang")); err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// promptAudio serves a prompt's 8 kHz WAV for listening in the browser.
func (s *Server) promptAudio(w http.ResponseWriter, r *http.Request) {
	p, rc, err := s.ivr.admin.PromptWAV(r.Context(), r.PathValue("name"), r.PathValue("lang"))
	if err != nil {
		s.fail(w, r, ivrError(err))
		return
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "audio/wav")
	w.Header().Set("Cache-Control", "private, max-age=60")
	http.ServeContent(w, r, p.Name+"-"+p.Language+".wav", p.UpdatedAt, rc)
}
