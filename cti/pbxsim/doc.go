// Package pbxsim simulates a Panasonic KX-TDE/NCP/NS/NSX PBX on its CSTA
// link and its SMDR port, for tests, for "linka demo" and for integrators
// ("linka pbxsim"). It speaks the ECMA-285 BER encoding of the cti/csta
// codec over TCP (or any net.Conn) as the PBX side: it decodes the
// client's invokes and encodes results, errors, rejects and events with
// the codec's own types.
//
// # What is simulated
//
//   - The link: ACSE association (AARE accepted for the CSTA application
//     context 1.3.12.0.218, rejected with a proper AARE otherwise or beyond
//     Options.MaxClients), release, the systemStatus(normal) heartbeat right
//     after the AARE and then periodically (operation 211, or 52 with
//     Options.LegacyHeartbeat), ROSE rejects for garbled PDUs, unknown
//     operations and mistyped arguments, an ABRT for invokes before the
//     association.
//   - The devices: extensions, ICD groups with ring-all distribution and a
//     queue, trunks (CO lines) and DDI numbers. Events name some devices by
//     Panasonic deviceNumber and others by dialing number (Options.Naming),
//     so a client must read the KME device list (escape, categories 5 and
//     2), which the PBX acknowledges and then sends in segments it invokes.
//   - The services: monitorStart/Stop on extensions, groups and trunks,
//     snapshotDevice, makeCall, answerCall, clearConnection, holdCall,
//     retrieveCall, consultationCall, transferCall, singleStepTransferCall,
//     deflectCall, generateDigits and sendDTMFTones, setAgentState, escape,
//     start/stopCDRTransmission (cDRReport at the end of every trunk call)
//     and systemStatus. Impossible requests get CSTA universal errors
//     (invalidCallID, invalidConnectionID, invalidDeviceID, state
//     incompatibilities, …).
//   - The calls and their events, in the order a PBX reports them: an
//     incoming trunk call (serviceInitiated at the trunk, delivered at the
//     extension or at every free group member, or queued at the group),
//     answer (established, the other members cleared), missed and
//     abandoned calls (connectionCleared, callCancelled for the devices
//     that never answered), outgoing calls (serviceInitiated, originated,
//     networkReached or delivered, established), hold and retrieve, call
//     waiting, consultation and transfer (the two calls merge under the
//     consultation call's id and the held call's id is freed), blind
//     transfer, deflection, calls to unknown numbers (failed), and the
//     agent events. A device monitor reports every event of the calls its
//     device takes part in, each report with its own cross reference and
//     the local connection state of its own device. CSTA call ids are the
//     smallest free numbers, so an id is reused as soon as its call ends.
//   - Scenarios and ground truth: IncomingCall, OutboundCall and the Call
//     handle (Answer, Hangup, Hold, Retrieve, ConsultAndTransfer,
//     BlindTransfer), the agent methods, Calls, SendSystemStatus (after
//     enabled every monitor is forgotten and cross references restart at
//     1, as after a restart) and RunLoad, a random load of calls with a
//     log-normal talk time.
//   - Faults: InjectGarbage, CloseMidPDU, StopResponding, DropConnections,
//     RejectNext, FailNext and LoseEvents; a client that reads too slowly
//     loses events and is told messagesLost.
//
// # How faithful it is
//
// The PDU layouts are those of ECMA-285 and of the PDUs in
// ../csta/testdata: the simulator answers the AARQ captured from a real
// client with the very AARE a real PBX sent, then sends the captured
// heartbeat, and answers the captured monitorStart with the result built
// there from the ECMA-285 definitions. Everything
// else about Panasonic behaviour comes from ECMA-269 and from what
// open-source clients expect, and PROTOCOLS.md marks it unconfirmed; the
// simulator's choices there are:
//
//   - Device numbers: 100001… for extensions, 200001… for trunks (the real
//     numbering is unknown); the meaning of KME categories 5 (extensions)
//     and 2 (trunks); segments numbered from 1; entry status 0.
//   - Event details: which devices carry the caller, the DDI and the trunk
//     (calling = caller, called = DDI, associated calling = trunk, network
//     calling/called = caller/DDI), the causes (newCall, distributed for
//     group deliveries and for a call leaving the queue (diverted at the
//     group), noAvailableAgents when queued, normalClearing,
//     callCancelled for devices that never answered, consultation,
//     transfer, singleStepTransfer, redirected, normal for hold and
//     retrieve, destNotObtainable, trunksBusy), the subject of an external
//     party (its number when known, else its trunk), the snapshot endpoint
//     (the far end) and a transfer result naming the call only.
//   - Results go before the events a service causes unless
//     Options.EventsBeforeResult; repeated monitors follow
//     Options.Monitors; a rejected association is followed by a close.
//   - CDR records: only for calls over a trunk, at the end of the call, the
//     talk time in tenths of a second, times as local YYYYMMDDhhmmss.
//
// Not simulated: conferences, call pickup, forwarding and do-not-disturb,
// call monitors, monitor filters (accepted and ignored), ICD overflow,
// wrap-up timers and per-group agent states, private data in events and
// CDR records, KME data other than the device list, SIP and RTP.
//
// # SMDR
//
// ServeSMDR, ServeSMDRConn and ListenAndServeSMDR (port 2300) print the
// SMDR lines of the simulated calls over telnet, in Panasonic Pattern A
// (80 columns, no charge) with the column positions, markers and
// condition codes of PROTOCOLS.md. What a client sees:
//
//   - At connect IAC WILL ECHO and IAC WILL SUPPRESS-GO-AHEAD, then the
//     prompts "login: " and "Password: " (SMDROptions: other prompts, none
//     at all, other credentials than SMDR/PCCSMDR). The user name is
//     echoed, the password not. Wrong credentials get "Login incorrect"
//     and the prompt again; after three failures (LoginAttempts) the PBX
//     hangs up. The client's telnet commands are ignored; its lines may
//     end in CR LF, CR NUL, CR or LF.
//   - Then the records printed from then on, each ended by CR LF (or CR
//     NUL), the column header and separator at the top of every page of 60
//     lines. Several clients may be logged in, each with its own pages. A
//     client too slow to read loses lines beyond SMDROptions.QueueLimit.
//     DropSMDRConnections cuts them all.
//   - An incoming call: an RC line when it starts ringing (the extension or
//     ICD group it rings), an AN line when an extension answers (with the
//     ring time), and at its end the final line (end time, ring time, talk
//     time); the number column is <D>DDI<I>caller, <I> left empty for a
//     withheld number, cut at 25 columns as on the PBX. A call nobody answered, missed or abandoned in the
//     queue, ends with an NA line carrying the ring time.
//   - A transfer ends the transferring extension's record with condition
//     TR; the call goes on in a record for the extension that got it (after
//     a blind transfer with its own RC, AN or NA lines; after a
//     consultation, answered from the moment of the transfer with a ring
//     time of 0'00). A call sent on to an external number is printed for
//     the extension that transferred it, with the second trunk and the
//     dialled digits, as a CO-to-CO call gives two records.
//   - An outgoing call: the extension, the trunk, the dialled digits and
//     the talk time from the far end's answer (00:00'00 when nobody
//     answered), no Ring column. An intercom call: the calling extension,
//     EXT and the called number, no trunk; NA with the ring time when
//     nobody answered. Calls to unknown numbers or finding every trunk busy
//     print nothing.
//   - LOG IN and LOG OUT status lines when an ICD agent logs in or out.
//   - Times are the simulator clock (Options.Now) in Europe/Prague, to the
//     minute; ring times are capped at 9'59 and durations at 99:59'59.
//
// Guesses, since no capture of a real board settles them: the port, the
// password, the prompts and the negotiation; that RC and AN lines carry
// zero durations; which extension RC and NA lines name for an ICD group
// call (the group); the records of transferred, deflected and intercom
// calls; and trailing blanks being trimmed (SMDROptions.PadLines keeps
// them). Not printed: account codes, the charge of Patterns B and C, the
// other condition codes (FW, D0, VR, VA, RM) and status lines, and the
// "**/**/** **:**" of a clock change.
//
// Every method of PBX and Call is safe for concurrent use. The simulator
// never logs except to the optional debug Options.Logger.
package pbxsim
