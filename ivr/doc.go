// Package ivr is the voice gateway's domain: flows as data (announcements,
// DTMF menus, opening hours, the recording notice with its objection digit,
// transfer, leave-a-callback, hang-up), their validation, and the pure
// state machine that runs one call through a flow. It has no network code:
// the SIP user agent and RTP media live in ivr/sipua and ivr/media, and
// the storage of flow versions and prompts in internal/store.
//
// A call is driven by feeding [Input]s (the call started, a prompt
// finished, a digit, a timeout, the caller hung up, a transfer ended) to a
// [Machine], which answers with [Action]s (play a prompt, wait for a digit,
// transfer, create a callback, mark the call do-not-record, hang up) and
// path events for the call model ("ivr.entered", "ivr.chose",
// "ivr.objected", "ivr.transferred", "ivr.abandoned").
package ivr
