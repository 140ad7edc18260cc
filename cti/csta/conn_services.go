package csta

import (
	"context"
	"fmt"
)

// request sends req and decodes the result with decode.
func request[T any](ctx context.Context, c *Conn, req Request, decode func([]byte) (T, error)) (T, error) {
	var zero T
	rr, err := c.Do(ctx, req)
	if err != nil {
		return zero, err
	}
	v, err := decode(rr.Result)
	if err != nil {
		return zero, fmt.Errorf("csta: decode %v result: %w", req.Operation(), err)
	}
	return v, nil
}

// noData sends req, whose result is CHOICE { extensions, noData }.
func noData(ctx context.Context, c *Conn, req Request) error {
	_, err := request(ctx, c, req, DecodeNoDataResult)
	return err
}

// MonitorStart starts a monitor and returns its cross reference.
func (c *Conn) MonitorStart(ctx context.Context, a MonitorStartArgument) (MonitorStartResult, error) {
	return request(ctx, c, a, DecodeMonitorStartResult)
}

// MonitorStop ends the monitor with the given cross reference.
func (c *Conn) MonitorStop(ctx context.Context, crossRef []byte) error {
	return noData(ctx, c, MonitorStopArgument{CrossRef: crossRef})
}

// SnapshotDevice returns the calls at a device.
func (c *Conn) SnapshotDevice(ctx context.Context, dev DeviceID) (SnapshotDeviceResult, error) {
	return request(ctx, c, SnapshotDeviceArgument{Device: dev}, DecodeSnapshotDeviceResult)
}

// MakeCall places a call and returns the calling connection.
func (c *Conn) MakeCall(ctx context.Context, a MakeCallArgument) (MakeCallResult, error) {
	return request(ctx, c, a, DecodeMakeCallResult)
}

// AnswerCall answers the alerting connection conn.
func (c *Conn) AnswerCall(ctx context.Context, conn ConnectionID) error {
	return noData(ctx, c, AnswerCall(conn))
}

// ClearConnection releases the connection conn.
func (c *Conn) ClearConnection(ctx context.Context, conn ConnectionID) error {
	return noData(ctx, c, ClearConnection(conn))
}

// HoldCall puts the connection conn on hold.
func (c *Conn) HoldCall(ctx context.Context, conn ConnectionID) error {
	return noData(ctx, c, HoldCall(conn))
}

// RetrieveCall takes the held connection conn back.
func (c *Conn) RetrieveCall(ctx context.Context, conn ConnectionID) error {
	return noData(ctx, c, RetrieveCall(conn))
}

// ConsultationCall holds a call and calls another device.
func (c *Conn) ConsultationCall(ctx context.Context, a ConsultationCallArgument) (ConsultationCallResult, error) {
	return request(ctx, c, a, DecodeConsultationCallResult)
}

// TransferCall transfers the held call to the active one.
func (c *Conn) TransferCall(ctx context.Context, held, active ConnectionID) (TransferResult, error) {
	return request(ctx, c, TransferCallArgument{Held: held, Active: active}, DecodeTransferResult)
}

// SingleStepTransfer transfers an active call to another device.
func (c *Conn) SingleStepTransfer(ctx context.Context, a SingleStepTransferArgument) (TransferResult, error) {
	return request(ctx, c, a, DecodeTransferResult)
}

// DeflectCall diverts an alerting call to another device.
func (c *Conn) DeflectCall(ctx context.Context, call ConnectionID, to DeviceID) error {
	return noData(ctx, c, DeflectCallArgument{Call: call, NewDestination: to})
}

// GenerateDigits sends DTMF digits (generateDigits, or sendDTMFTones when
// a.Op says so).
func (c *Conn) GenerateDigits(ctx context.Context, a GenerateDigitsArgument) error {
	return noData(ctx, c, a)
}

// SetAgentState changes an agent's state.
func (c *Conn) SetAgentState(ctx context.Context, a SetAgentStateArgument) (SetAgentStateResult, error) {
	return request(ctx, c, a, DecodeSetAgentStateResult)
}

// Escape sends private data and returns the raw extensions of the result
// (nil for noData).
func (c *Conn) Escape(ctx context.Context, a EscapeArgument) ([]byte, error) {
	return request(ctx, c, a, DecodeNoDataResult)
}

// RequestKMEDeviceList asks the PBX for the device list of a category and
// returns its acknowledgement; the segments then arrive as escape invokes
// (Options.OnInvoke, DecodeKMEDeviceListReply).
func (c *Conn) RequestKMEDeviceList(ctx context.Context, category int) (KMEDeviceListAck, error) {
	return request(ctx, c, KMEDeviceListRequest(category), DecodeKMEDeviceListAck)
}

// StartCDRTransmission asks the PBX to send call detail records.
func (c *Conn) StartCDRTransmission(ctx context.Context, mode CDRTransferMode) (StartCDRTransmissionResult, error) {
	return request(ctx, c, StartCDRTransmissionArgument{Mode: mode}, DecodeStartCDRTransmissionResult)
}

// StopCDRTransmission stops the call detail records of crossRef.
func (c *Conn) StopCDRTransmission(ctx context.Context, crossRef []byte) error {
	return noData(ctx, c, StopCDRTransmissionArgument{CrossRef: crossRef})
}
