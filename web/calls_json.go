package web

import (
	"linka/cases"
	"linka/cti"
)

// The JSON of the calls and PBX endpoints. The cti snapshots are copied
// field by field, so that a change in package cti never changes the API
// by accident.

// callJSON is a call in progress.
type callJSON struct {
	// ID is the Linka call id.
	ID        string        `json:"id"`
	State     cti.CallState `json:"state"`
	Direction cti.Direction `json:"direction"`
	StartedAt apiTime       `json:"started_at"`
	// Since is when the call entered its current state.
	Since      apiTime `json:"since"`
	AnsweredAt apiTime `json:"answered_at"`
	// Caller is the calling number, "" when withheld or unknown.
	Caller string `json:"caller"`
	// Called is the number dialled: the DDI of an incoming call.
	Called string `json:"called"`
	Trunk  string `json:"trunk"`
	// Extensions are the extensions and groups in the call now.
	Extensions []partyJSON `json:"extensions"`
	Path       []stepJSON  `json:"path"`
	// ConsultationOf is the call a consultation call was made from.
	ConsultationOf *string `json:"consultation_of"`
	// Contacts are the contacts whose number is the caller's.
	Contacts []callerJSON `json:"contacts"`
}

// partyJSON is an extension or group in a call, with the user there.
type partyJSON struct {
	Extension string              `json:"extension"`
	Kind      cti.DeviceKind      `json:"kind"`
	State     cti.ConnectionState `json:"state"`
	UserID    *int64              `json:"user_id"`
	UserName  string              `json:"user_name"`
}

// stepJSON is one step of a call's path.
type stepJSON struct {
	At     apiTime `json:"at"`
	Action string  `json:"action"`
	Device string  `json:"device"`
	To     string  `json:"to"`
}

// callerJSON is a contact matched by the caller's number.
type callerJSON struct {
	ID          int64  `json:"id"`
	DisplayName string `json:"display_name"`
}

// deviceJSON is a PBX device: an extension, an ICD group or a trunk.
type deviceJSON struct {
	Number    string          `json:"number"`
	Kind      cti.DeviceKind  `json:"kind"`
	State     cti.DeviceState `json:"state"`
	Monitored bool            `json:"monitored"`
	UserID    *int64          `json:"user_id"`
	UserName  string          `json:"user_name"`
	// Agent is the ICD agent state of an extension, null for other devices.
	Agent *agentJSON `json:"agent"`
	// Calls are the Linka ids of the calls at the device.
	Calls []string `json:"calls"`
}

// agentJSON is the agent state of an extension.
type agentJSON struct {
	// State is null until the PBX has reported one.
	State        *cti.AgentState `json:"state"`
	Since        apiTime         `json:"since"`
	Group        string          `json:"group"`
	DoNotDisturb bool            `json:"do_not_disturb"`
	ForwardTo    string          `json:"forward_to"`
}

// pbxJSON is the state of the PBX link.
type pbxJSON struct {
	State           cti.LinkState `json:"state"`
	Since           apiTime       `json:"since"`
	Address         string        `json:"address"`
	LastHeartbeat   apiTime       `json:"last_heartbeat"`
	Reconnects      uint64        `json:"reconnects"`
	LastError       string        `json:"last_error"`
	LastErrorAt     apiTime       `json:"last_error_at"`
	DecodeErrors    uint64        `json:"decode_errors"`
	LastDecodeError string        `json:"last_decode_error"`
	Resyncs         uint64        `json:"resyncs"`
	Monitored       int           `json:"monitored"`
	// SMDR is the state of the SMDR source, when one is configured.
	SMDR *smdrJSON `json:"smdr,omitempty"`
}

// smdrJSON is the state of the SMDR source (telnet or RS-232).
type smdrJSON struct {
	Connected   bool    `json:"connected"`
	Since       apiTime `json:"since"`
	Source      string  `json:"source"`
	Layout      string  `json:"layout"`
	Reconnects  uint64  `json:"reconnects"`
	Lines       uint64  `json:"lines"`
	BadLines    uint64  `json:"bad_lines"`
	LastLineAt  apiTime `json:"last_line_at"`
	LastError   string  `json:"last_error"`
	LastErrorAt apiTime `json:"last_error_at"`
}

// callIDJSON answers a command that started a call (dial, consult).
type callIDJSON struct {
	CallID string `json:"call_id"`
}

// dialJSON is the body of POST /api/v1/calls.
type dialJSON struct {
	Number string `json:"number"`
	// Extension dials from another extension than the user's own
	// (supervisors only).
	Extension string `json:"extension"`
}

// transferJSON is the body of POST /api/v1/calls/{id}/transfer.
type transferJSON struct {
	To   string `json:"to"`
	Mode string `json:"mode"`
}

// agentStateJSON is the body of POST /api/v1/agent.
type agentStateJSON struct {
	State string `json:"state"`
}

// staffAt maps extension numbers to the user there.
type staffAt map[string]*cases.User

// newStaffAt indexes users by extension; of several users sharing an
// extension the active one with the lowest id wins.
func newStaffAt(users []cases.User) staffAt {
	m := make(staffAt)
	for i := range users {
		u := &users[i]
		if u.Extension == "" || !u.Active {
			continue
		}
		if prev, ok := m[u.Extension]; !ok || u.ID < prev.ID {
			m[u.Extension] = u
		}
	}
	return m
}

// user returns the id and name of the user at ext: from the user table,
// else what the link's directory said (id 0 and name "" for nobody).
func (m staffAt) user(ext string, id int64, name string) (*int64, string) {
	if u, ok := m[ext]; ok {
		return ref(u.ID), u.Name
	}
	return ref(id), name
}

func toCallJSON(c *cti.CallInfo, staff staffAt, contacts []cases.Contact) callJSON {
	out := callJSON{ID: c.ID, State: c.State, Direction: c.Direction, StartedAt: apiTime(c.StartedAt),
		Since: apiTime(c.Since), AnsweredAt: apiTime(c.AnsweredAt), Caller: c.Caller, Called: c.Called,
		Trunk: c.Trunk, Extensions: make([]partyJSON, 0, len(c.Parties)),
		Path: make([]stepJSON, 0, len(c.Path)), Contacts: make([]callerJSON, 0, len(contacts))}
	for _, p := range c.Parties {
		pj := partyJSON{Extension: p.Extension, Kind: p.Kind, State: p.State}
		if p.Kind == cti.KindExtension {
			pj.UserID, pj.UserName = staff.user(p.Extension, p.UserID, p.UserName)
		}
		out.Extensions = append(out.Extensions, pj)
	}
	for _, st := range c.Path {
		out.Path = append(out.Path, stepJSON{At: apiTime(st.At), Action: st.Action, Device: st.Device, To: st.To})
	}
	if c.ConsultationOf != "" {
		id := c.ConsultationOf
		out.ConsultationOf = &id
	}
	for i := range contacts {
		out.Contacts = append(out.Contacts, callerJSON{ID: contacts[i].ID, DisplayName: contacts[i].DisplayName()})
	}
	return out
}

func toDeviceJSON(d *cti.DeviceInfo, staff staffAt) deviceJSON {
	out := deviceJSON{Number: d.Number, Kind: d.Kind, State: d.State, Monitored: d.Monitored, Calls: d.Calls}
	if out.Calls == nil {
		out.Calls = []string{}
	}
	if d.Kind == cti.KindExtension {
		out.UserID, out.UserName = staff.user(d.Number, d.UserID, d.UserName)
		a := d.Agent
		out.Agent = &agentJSON{Since: apiTime(a.Since), Group: a.Group,
			DoNotDisturb: a.DoNotDisturb, ForwardTo: a.ForwardTo}
		if a.State != "" {
			out.Agent.State = &a.State
		}
	}
	return out
}

func toPBXJSON(st cti.LinkStatus) pbxJSON {
	return pbxJSON{State: st.State, Since: apiTime(st.Since), Address: st.Address,
		LastHeartbeat: apiTime(st.LastHeartbeat), Reconnects: st.Reconnects, LastError: st.LastError,
		LastErrorAt: apiTime(st.LastErrorAt), DecodeErrors: st.DecodeErrors,
		LastDecodeError: st.LastDecodeError, Resyncs: st.Resyncs, Monitored: st.Monitored}
}
