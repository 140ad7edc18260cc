package csta

import (
	"fmt"
	"strings"
	"time"
)

// CDRReportArgument carries call detail records from the PBX (ECMA-285
// §25.1.2, module CSTA-call-detail-records-report, cDRReport CODE
// local:361; ECMA-269 §27.1.2). The PBX invokes it after
// startCDRTransmission; each invoke must be answered with a ReturnResult
// (noData).
type CDRReportArgument struct {
	CrossRef          []byte
	NumberOfRecords   int
	Records           []CDRRecord
	LastStoredCDRSent bool
	Extensions        []byte
}

// CDRRecord is one CDRInformationItem (module CSTA-call-detail-record).
// Times are TimeInfo (GeneralizedTime) strings as sent; see ParseTimeInfo.
type CDRRecord struct {
	RecordNumber int // 1…128, zero when absent
	CreationTime string
	// Parties holds the calling, called, associated and network devices;
	// LastRedirectionDevice is not part of a record.
	Parties
	RecordedCall    ConnectionID
	ConnectionStart string // [5]
	ConnectionEnd   string // [6]
	// Duration is the connectionDuration [7], nil when absent; its unit is
	// not fixed by the standard (Panasonic: probably tenths of a second).
	Duration *int
	// ReasonForTerm is the ReasonForTerm [14] value, nil when absent.
	ReasonForTerm *int
	AccessCode    string // [8]
	AuthCode      string // [15]
	AccountInfo   string // [16]
	// Raw is the complete encoding of the record, for the fields not
	// modelled here.
	Raw []byte
}

// Tags of CDRInformationItem.
var (
	tagCDRStart    = ctxPrim(5)
	tagCDREnd      = ctxPrim(6)
	tagCDRDuration = ctxPrim(7)
	tagCDRAccess   = ctxPrim(8)
	tagCDRReason   = ctxPrim(14)
	tagCDRAuth     = ctxPrim(15)
	tagCDRAccount  = ctxPrim(16)
)

// maxCDRRecords is the largest numberOfRecordsSent the module allows.
const maxCDRRecords = 128

// Operation returns OpCDRReport.
func (a CDRReportArgument) Operation() Operation { return OpCDRReport }

// Marshal encodes the argument.
func (a CDRReportArgument) Marshal() ([]byte, error) {
	return marshalSeq(func(w *berWriter) {
		w.prim(tagOctetString, a.CrossRef)
		n := a.NumberOfRecords
		if n == 0 {
			n = len(a.Records)
		}
		w.integer(tagInteger, int64(n))
		w.open(tagSequence)
		for i := range a.Records {
			writeCDRRecord(w, &a.Records[i])
		}
		w.close()
		if a.LastStoredCDRSent {
			w.boolean(tagBoolean, true)
		}
		writeRaw(w, a.Extensions, "extensions")
	})
}

func writeCDRRecord(w *berWriter, r *CDRRecord) {
	w.open(tagSequence)
	if r.RecordNumber != 0 {
		w.integer(tagInteger, int64(r.RecordNumber))
	}
	w.str(tagGenTime, r.CreationTime)
	writeOptionalDevice(w, tagCallingDevice, r.CallingDevice, "calling device")
	writeOptionalDevice(w, tagCalledDevice, r.CalledDevice, "called device")
	writeOptionalDevice(w, tagAssocCalling, r.AssociatedCallingDevice, "associated calling device")
	writeOptionalDevice(w, tagAssocCalled, r.AssociatedCalledDevice, "associated called device")
	writeOptionalDevice(w, tagNetworkCalling, r.NetworkCallingDevice, "network calling device")
	writeOptionalDevice(w, tagNetworkCalled, r.NetworkCalledDevice, "network called device")
	if !r.RecordedCall.IsZero() {
		writeConnectionID(w, tagConnectionID, r.RecordedCall, "recorded call")
	}
	writeOptionalText(w, tagCDRStart, r.ConnectionStart)
	writeOptionalText(w, tagCDREnd, r.ConnectionEnd)
	if r.Duration != nil {
		w.integer(tagCDRDuration, int64(*r.Duration))
	}
	writeOptionalText(w, tagCDRAccess, r.AccessCode)
	if r.ReasonForTerm != nil {
		w.integer(tagCDRReason, int64(*r.ReasonForTerm))
	}
	writeOptionalText(w, tagCDRAuth, r.AuthCode)
	writeOptionalText(w, tagCDRAccount, r.AccountInfo)
	w.close()
}

// DecodeCDRReportArgument decodes a CDRReportArgument.
func DecodeCDRReportArgument(b []byte) (CDRReportArgument, error) {
	const what = "CDR report argument"
	fs, err := decodeArgFields(b, what)
	if err != nil {
		return CDRReportArgument{}, err
	}
	a := CDRReportArgument{Extensions: fs.raw(tagExtensions)}
	ref, ok := fs.find(tagOctetString, 0)
	if !ok {
		return a, malformed("%s: cross reference missing", what)
	}
	a.CrossRef = ref.val
	if e, ok := fs.find(tagInteger, 0); ok {
		a.NumberOfRecords = fs.smallInt(e)
	}
	if e, ok := fs.find(tagBoolean, 0); ok {
		a.LastStoredCDRSent, err = parseBool(e.val)
		fs.fail(err)
	}
	info, ok := fs.find(tagSequence, 0)
	if !ok {
		return a, malformed("%s: records missing", what)
	}
	r := info.children()
	for r.more() && fs.err == nil {
		if len(a.Records) == maxCDRRecords {
			return a, malformed("%s: more than %d records", what, maxCDRRecords)
		}
		item, err := r.expect(tagSequence, "CDR record")
		if err != nil {
			return a, within(what, err)
		}
		rec, err := fs.d.cdrRecord(item)
		if err != nil {
			return a, within(what, err)
		}
		a.Records = append(a.Records, rec)
	}
	return a, fs.finish(what)
}

// cdrRecord decodes one CDRInformationItem.
func (d *decoder) cdrRecord(item element) (CDRRecord, error) {
	var fs fieldSet
	if err := d.fields(item, &fs); err != nil {
		return CDRRecord{}, err
	}
	rec := CDRRecord{
		CreationTime:    fs.text(tagGenTime),
		RecordedCall:    fs.conn(0, false, ""),
		ConnectionStart: fs.text(tagCDRStart),
		ConnectionEnd:   fs.text(tagCDREnd),
		Duration:        fs.optInt(tagCDRDuration),
		ReasonForTerm:   fs.optInt(tagCDRReason),
		AccessCode:      fs.text(tagCDRAccess),
		AuthCode:        fs.text(tagCDRAuth),
		AccountInfo:     fs.text(tagCDRAccount),
		Raw:             d.src[item.start : item.off+len(item.val)],
	}
	if e, ok := fs.find(tagInteger, 0); ok {
		rec.RecordNumber = fs.smallInt(e)
	}
	fs.parties(&rec.Parties, false)
	if _, ok := fs.find(tagGenTime, 0); !ok {
		fs.fail(malformed("record creation time: missing"))
	}
	d.share(&fs.d)
	return rec, fs.err
}

// ParseTimeInfo parses a TimeInfo (GeneralizedTime, X.680 clause 46):
// YYYYMMDDhhmm[ss[.fff]] followed by Z, a ±hhmm offset, or nothing, in
// which case the time is local to loc.
func ParseTimeInfo(s string, loc *time.Location) (time.Time, error) {
	body, zone := s, ""
	if i := strings.IndexAny(s, "Z+-"); i >= 0 {
		body, zone = s[:i], s[i:]
	}
	base, frac, _ := strings.Cut(body, ".")
	var layout string
	switch len(base) {
	case 12:
		layout = "200601021504"
	case 14:
		layout = "20060102150405"
	default:
		return time.Time{}, fmt.Errorf("csta: time %q: want YYYYMMDDhhmm[ss]", s)
	}
	if frac != "" {
		layout += "." + strings.Repeat("0", len(frac))
		base += "." + frac
	}
	switch {
	case zone == "Z":
		return time.ParseInLocation(layout, base, time.UTC)
	case zone != "":
		return time.Parse(layout+"-0700", base+zone)
	}
	if loc == nil {
		loc = time.UTC
	}
	return time.ParseInLocation(layout, base, loc)
}
