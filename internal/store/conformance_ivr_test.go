package store

import (
	"errors"
	"sync"
	"testing"
	"time"

	"linka/ivr"
)

// testIVR covers ivr.Store: flow versions numbered per flow, one active
// version, prompts replaced by name and language, not-found errors.
func testIVR(t *testing.T, f *fixture) {
	ctx, db := f.ctx, f.db
	flow, err := ivr.DefaultFlow("office", "cs", "600", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ActiveFlowVersion(ctx, "office"); !errors.Is(err, ivr.ErrNotFound) {
		t.Fatalf("ActiveFlowVersion(no flow) = %v, want ErrNotFound", err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.CreateFlowVersion(ctx, &ivr.FlowVersion{Name: "office", Flow: flow, Note: "n", CreatedAt: f.now, CreatedBy: "admin"})
		}()
	}
	wg.Wait()
	saved := 0
	for _, err := range errs {
		if err == nil {
			saved++
		}
	}
	if saved == 0 {
		t.Fatalf("no concurrent save succeeded: %v", errs)
	}
	vs, err := db.FlowVersions(ctx, "office")
	if err != nil || len(vs) != saved || vs[0].Version != saved {
		t.Fatalf("FlowVersions = %d versions (newest %v), %v; want %d", len(vs), vs, err, saved)
	}
	if err := db.ActivateFlowVersion(ctx, "office", 1, f.now, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := db.ActivateFlowVersion(ctx, "office", saved, f.now.Add(time.Minute), "boss"); err != nil {
		t.Fatal(err)
	}
	a, err := db.ActiveFlowVersion(ctx, "office")
	if err != nil || a.Version != saved || a.ActivatedBy != "boss" || !a.ActivatedAt.Equal(f.now.Add(time.Minute)) {
		t.Fatalf("ActiveFlowVersion = %+v, %v", a, err)
	}
	if n, _ := a.Flow.Node("hours"); n == nil || n.Hours.String() == "" {
		t.Fatalf("the flow did not survive a round trip: %+v", a.Flow)
	}
	if err := db.ActivateFlowVersion(ctx, "office", 99, f.now, "x"); !errors.Is(err, ivr.ErrNotFound) {
		t.Fatalf("Activate(missing) = %v, want ErrNotFound", err)
	}
	if b, _ := db.ActiveFlowVersion(ctx, "office"); b.Version != saved {
		t.Fatalf("a failed activation changed the active version to %d", b.Version)
	}
	p := ivr.Prompt{Name: "notice", Language: "cs", BlobKey: "k1", Duration: 1500 * time.Millisecond, SourceRate: 44100,
		SourceChannels: 2, Text: "Dobrý den", UpdatedAt: f.now, UpdatedBy: "admin"}
	if err := db.SavePrompt(ctx, p); err != nil {
		t.Fatal(err)
	}
	p.BlobKey, p.Duration = "k2", 2*time.Second
	if err := db.SavePrompt(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := db.Prompt(ctx, "notice", "cs")
	if err != nil || got != p {
		t.Fatalf("Prompt = %+v, %v; want %+v", got, err, p)
	}
	if ps, err := db.Prompts(ctx); err != nil || len(ps) != 1 {
		t.Fatalf("Prompts = %v, %v; want one", ps, err)
	}
	if _, err := db.Prompt(ctx, "notice", "en"); !errors.Is(err, ivr.ErrNotFound) {
		t.Fatalf("Prompt(en) = %v, want ErrNotFound", err)
	}
	if err := db.DeletePrompt(ctx, "notice", "cs"); err != nil {
		t.Fatal(err)
	}
	if err := db.DeletePrompt(ctx, "notice", "cs"); !errors.Is(err, ivr.ErrNotFound) {
		t.Fatalf("DeletePrompt(again) = %v, want ErrNotFound", err)
	}
}
