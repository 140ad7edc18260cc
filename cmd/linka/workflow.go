package main

import (
	"context"
	"log/slog"

	"linka/cases"
)

// installCaseTypes gives a new installation the shipped case types with
// their legal regimes (docs/workflow.md); an office that has case types
// keeps its own.
func installCaseTypes(ctx context.Context, svc *cases.Service, log *slog.Logger) error {
	n, err := svc.InstallDefaultCaseTypes(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("workflow: installed the default case types and legal regimes", "count", n)
	}
	return nil
}
