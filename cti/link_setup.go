package cti

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"linka/cti/csta"
)

// setupParallel bounds the monitor and snapshot requests in flight.
const setupParallel = 8

// errDeviceListTimeout reports device list segments that stopped coming.
var errDeviceListTimeout = errors.New("device list segments stopped before the last one")

// errorsIsFrame reports a framing problem the connection skipped.
func errorsIsFrame(err error) bool {
	return errors.Is(err, csta.ErrFrameTooLarge) || errors.Is(err, csta.ErrEmptyFrame)
}

// refused reports whether err is the PBX's answer rather than a failure
// of the link.
func refused(err error) bool {
	var ce *csta.Error
	var re *csta.RejectError
	return errors.As(err, &ce) || errors.As(err, &re)
}

// setup (re)builds the session's view of the PBX: device list, monitors
// on the configured devices, snapshots and the resync of the model. The
// PBX's refusals (of the device list, a monitor, a snapshot) are logged
// and tolerated; link failures are returned.
func (s *session) setup(ctx context.Context) error {
	select {
	case <-s.resync: // this setup covers a resync asked for before it
	default:
	}
	s.l.mu.Lock()
	s.l.model.beginResync()
	s.l.mu.Unlock()
	if err := s.deviceList(ctx); err != nil {
		return err
	}
	if err := s.monitor(ctx); err != nil {
		return err
	}
	return s.snapshot(ctx)
}

// deviceList reads the KME device list of every configured category.
func (s *session) deviceList(ctx context.Context) error {
	l := s.l
	for _, cat := range l.opts.DeviceListCategories {
		list, err := s.kmeList(ctx, cat)
		key := fmt.Sprintf("kme%d", cat)
		switch {
		case err == nil:
			l.logChange(key, "", slog.LevelDebug, "device list read", "category", cat, "devices", len(list))
		case refused(err) || errors.Is(err, errDeviceListTimeout):
			l.logChange(key, err.Error(), slog.LevelWarn, "PBX device list unavailable: devices named by number stay unmapped",
				"category", cat, "devices", len(list), "err", err)
		default:
			return fmt.Errorf("device list category %d: %w", cat, err)
		}
		kind := KindExtension
		if cat == csta.KMECategoryTrunk {
			kind = KindTrunk
		}
		l.mu.Lock()
		l.model.devs.setKMEList(list, kind)
		l.mu.Unlock()
	}
	return nil
}

// kmeList requests one category of the device list and collects its
// segments; after a timeout it returns what arrived.
func (s *session) kmeList(ctx context.Context, cat int) ([]csta.KMEDevice, error) {
	ack, err := s.conn.RequestKMEDeviceList(ctx, cat)
	if err != nil {
		return nil, err
	}
	timeout := time.NewTimer(s.l.opts.RequestTimeout)
	defer timeout.Stop()
	var list []csta.KMEDevice
	for {
		select {
		case seg := <-s.kme:
			if !bytes.Equal(seg.CrossRef, ack.CrossRef) {
				continue // left over from an earlier request
			}
			list = append(list, seg.Devices...)
			if seg.Last {
				return list, nil
			}
		case <-timeout.C:
			return list, errDeviceListTimeout
		case <-s.conn.Done():
			return nil, s.conn.Err()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// monitor stops the session's monitors and starts one on every configured
// extension and group.
func (s *session) monitor(ctx context.Context) error {
	l := s.l
	if len(s.monitors) > 0 {
		refs := s.monitors
		s.monitors = nil
		_, errs := forEach(refs, func(ref []byte) (struct{}, error) {
			return struct{}{}, s.conn.MonitorStop(ctx, ref)
		})
		if err := linkError(errs); err != nil {
			return fmt.Errorf("stop monitors: %w", err)
		}
	}
	devices := append(append([]string(nil), l.opts.Extensions...), l.opts.Groups...)
	results, errs := forEach(devices, func(n string) (csta.MonitorStartResult, error) {
		return s.conn.MonitorStart(ctx, csta.MonitorStartArgument{Device: csta.DialingNumber(n)})
	})
	if err := linkError(errs); err != nil {
		return fmt.Errorf("start monitors: %w", err)
	}
	var failed []string
	l.mu.Lock()
	for i, n := range devices {
		d := l.model.devs.byNumber[n]
		d.monitored = errs[i] == nil
		if d.monitored {
			s.monitors = append(s.monitors, results[i].CrossRef)
		} else {
			failed = append(failed, n+": "+errs[i].Error())
		}
	}
	l.status.Monitored = len(s.monitors)
	l.mu.Unlock()
	detail := strings.Join(failed, "; ")
	level := slog.LevelWarn
	if len(failed) == 0 {
		level = slog.LevelDebug
	}
	l.logChange("monitor", detail, level, "monitors started", "monitored", len(s.monitors), "refused", detail)
	return nil
}

// snapshot takes a snapshot of every monitored device and resyncs the
// model with them.
func (s *session) snapshot(ctx context.Context) error {
	l := s.l
	l.mu.Lock()
	var devices []string
	for _, n := range append(append([]string(nil), l.opts.Extensions...), l.opts.Groups...) {
		if l.model.devs.byNumber[n].monitored {
			devices = append(devices, n)
		}
	}
	l.mu.Unlock()
	results, errs := forEach(devices, func(n string) (csta.SnapshotDeviceResult, error) {
		return s.conn.SnapshotDevice(ctx, csta.DialingNumber(n))
	})
	if err := linkError(errs); err != nil {
		return fmt.Errorf("snapshots: %w", err)
	}
	var snaps []deviceSnapshot
	failed := make(map[string]bool)
	for i, n := range devices {
		if errs[i] != nil || results[i].ServiceCrossRef != nil {
			failed[n] = true
			continue
		}
		snaps = append(snaps, deviceSnapshot{number: n, calls: results[i].Calls})
	}
	l.mu.Lock()
	l.buf = l.model.resync(snaps, failed, l.buf[:0])
	l.publishLocked(l.buf)
	l.status.Resyncs++
	calls := len(l.model.calls)
	l.mu.Unlock()
	l.met.resyncs.Inc()
	level := slog.LevelDebug
	if len(failed) > 0 {
		level = slog.LevelWarn
	}
	l.log.Log(ctx, level, "calls resynced from snapshots", "calls", calls, "snapshots", len(snaps),
		"snapshots_failed", len(failed))
	return nil
}

// linkError returns the first error that is not the PBX's refusal.
func linkError(errs []error) error {
	for _, err := range errs {
		if err != nil && !refused(err) {
			return err
		}
	}
	return nil
}

// forEach runs fn for every item, at most setupParallel at a time, and
// returns the results and errors by index.
func forEach[T, R any](items []T, fn func(T) (R, error)) ([]R, []error) {
	out := make([]R, len(items))
	errs := make([]error, len(items))
	sem := make(chan struct{}, setupParallel)
	var wg sync.WaitGroup
	for i, it := range items {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			out[i], errs[i] = fn(it)
		})
	}
	wg.Wait()
	return out, errs
}
