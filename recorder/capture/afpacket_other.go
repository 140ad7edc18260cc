//go:build !linux

package capture

import (
	"context"
	"errors"

	"linka/recorder"
)

// Interface captures a network interface; only Linux is supported.
type Interface struct {
	Device      string
	Filter      Filter
	Promiscuous bool
	BufferBytes int
}

// Name implements Source.
func (i *Interface) Name() string { return "interface " + i.Device }

// Stats returns zero counters.
func (i *Interface) Stats() Stats { return Stats{} }

// Run implements Source: it fails, live capture needs Linux.
func (i *Interface) Run(context.Context, chan<- recorder.Packet) error {
	return errors.New("capture: interface capture needs Linux (AF_PACKET)")
}
