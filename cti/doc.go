// Package cti is Linka's telephony domain: the live model of the PBX's
// devices, calls and agents, the stable Linka call ids, the event bus that
// carries everything a clerk sees in real time, and the Link service that
// keeps the CSTA link to the Panasonic PBX alive and turns its events into
// bus events and its commands into CSTA requests.
//
// Layers:
//
//   - event.go, bus.go: Event, its typed payloads and the Bus. Publish
//     never blocks; a subscriber that falls behind is dropped and resyncs
//     over the REST API.
//   - model*.go: Model, the pure state machine that applies decoded CSTA
//     events (package cti/csta) and snapshots to calls, connections and
//     devices, and says which bus events follow. It does no I/O.
//   - link*.go: Link, the service around one csta.Conn at a time:
//     reconnection with backoff, device list, monitors, snapshots and
//     resync, heartbeat watchdog, commands, logging and metrics.
//   - history.go: the non-blocking queue that hands finished calls to a
//     CallStore.
//
// The package knows nothing of HTTP or SQL: the web layer reads snapshots
// (Link.Calls, Link.Devices, Link.Status) and subscribes to the Bus; the
// SQL adapter implements CallStore and Directory.
package cti
