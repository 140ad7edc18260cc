package cti

import (
	"sort"
	"strconv"

	"linka/cti/csta"
)

// Directory tells which user is signed in at an extension; the SQL
// adapter implements it from the user table. The model calls it on the
// PBX read loop, so it must answer from memory and quickly.
type Directory interface {
	// UserForExtension returns the user at ext, ok false when none.
	UserForExtension(ext string) (id int64, name string, ok bool)
}

// device is one PBX device the model knows: a configured extension or
// group, or an entry of the KME device list.
type device struct {
	number    string
	kind      DeviceKind
	monitored bool
	agent     AgentInfo
}

// deviceTable maps the PBX's names of devices to numbers and kinds.
type deviceTable struct {
	byNumber map[string]*device
	// byDevNum maps KME device numbers (csta.DeviceNumbered) to numbers.
	byDevNum map[int64]string
}

// newDeviceTable returns the table of the configured extensions and groups.
func newDeviceTable(extensions, groups []string) deviceTable {
	t := deviceTable{byNumber: make(map[string]*device), byDevNum: make(map[int64]string)}
	for _, n := range extensions {
		t.add(n, KindExtension)
	}
	for _, n := range groups {
		t.add(n, KindGroup)
	}
	return t
}

// add records a device unless it is known already.
func (t *deviceTable) add(number string, kind DeviceKind) *device {
	if d, ok := t.byNumber[number]; ok {
		return d
	}
	d := &device{number: number, kind: kind, agent: AgentInfo{Extension: number, State: AgentUnknown}}
	t.byNumber[number] = d
	return d
}

// setKMEList merges one category of the KME device list: device numbers
// map to their numbers, and numbers not configured are added with kind.
func (t *deviceTable) setKMEList(list []csta.KMEDevice, kind DeviceKind) {
	for _, e := range list {
		if e.Number == "" {
			continue
		}
		if e.Device.Kind == csta.DeviceNumbered {
			t.byDevNum[e.Device.Number] = e.Number
		}
		t.add(e.Number, kind)
	}
}

// number returns the number of a device as the PBX named it: the digits,
// the number a KME device number stands for ("#n" when unknown), or ""
// when the PBX gave no identifier (not known, restricted).
func (t *deviceTable) number(d csta.DeviceID) string {
	switch d.Kind {
	case csta.DeviceNumbered:
		if n, ok := t.byDevNum[d.Number]; ok {
			return n
		}
		return "#" + strconv.FormatInt(d.Number, 10)
	case csta.DeviceNone, csta.DeviceNotKnown, csta.DeviceRestricted,
		csta.DeviceNotRequired, csta.DeviceNotSpecified:
		return ""
	}
	return d.Digits
}

// kind returns the kind of a number, "" for an outside number.
func (t *deviceTable) kind(number string) DeviceKind {
	if d, ok := t.byNumber[number]; ok {
		return d.kind
	}
	return ""
}

// internal reports whether number is an extension or a group.
func (t *deviceTable) internal(number string) bool {
	k := t.kind(number)
	return k == KindExtension || k == KindGroup
}

// sorted returns the devices ordered by kind, then number.
func (t *deviceTable) sorted() []*device {
	out := make([]*device, 0, len(t.byNumber))
	for _, d := range t.byNumber {
		out = append(out, d)
	}
	rank := map[DeviceKind]int{KindExtension: 0, KindGroup: 1, KindTrunk: 2}
	sort.Slice(out, func(i, j int) bool {
		if rank[out[i].kind] != rank[out[j].kind] {
			return rank[out[i].kind] < rank[out[j].kind]
		}
		return lessNumber(out[i].number, out[j].number)
	})
	return out
}

// lessNumber orders numbers numerically when both are digits.
func lessNumber(a, b string) bool {
	if len(a) != len(b) {
		if _, errA := strconv.Atoi(a); errA == nil {
			if _, errB := strconv.Atoi(b); errB == nil {
				return len(a) < len(b)
			}
		}
	}
	return a < b
}
