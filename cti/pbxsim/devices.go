package pbxsim

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"linka/cti/csta"
)

// deviceKind says what a device of the PBX is.
type deviceKind uint8

// Device kinds.
const (
	kindExtension deviceKind = iota + 1
	kindGroup
	kindTrunk
)

// String names the kind.
func (k deviceKind) String() string {
	switch k {
	case kindExtension:
		return "extension"
	case kindGroup:
		return "ICD group"
	case kindTrunk:
		return "trunk"
	}
	return "device"
}

// Base device numbers of the defaults (Options.DeviceNumbers).
const (
	extensionDeviceBase = 100000
	trunkDeviceBase     = 200000
)

// minExternalDigits is the shortest number routed to a trunk; shorter
// numbers are internal and fail when no device has them.
const minExternalDigits = 5

// device is an extension, an ICD group or a trunk of the PBX.
type device struct {
	number   string // dialing number, or the trunk name
	kind     deviceKind
	devNum   int64 // Panasonic device number (extensions and trunks)
	numbered bool  // events name the device by devNum
	members  []*device
	groups   []*device // the groups an extension belongs to
	agent    agentState
	parties  []*party // the connections at the device now
}

// id returns the device as events name it.
func (d *device) id() csta.DeviceID {
	if d.numbered {
		return csta.DeviceNumber(d.devNum)
	}
	return csta.DialingNumber(d.number)
}

// idle reports whether the device has no connection at all.
func (d *device) idle() bool { return len(d.parties) == 0 }

// free reports whether an ICD group may offer a call to the extension.
func (d *device) free() bool { return d.idle() && d.agent == agentReady }

// directory holds the devices of the PBX.
type directory struct {
	byNumber map[string]*device
	byDevNum map[int64]*device
	exts     []*device
	groups   []*device
	trunks   []*device
	ddi      map[string]*device // DDI number → target
	ddiOf    map[*device]string // target → its first DDI number
}

// newDirectory builds the devices of o, which has its defaults applied.
func newDirectory(o Options) (*directory, error) {
	dir := &directory{
		byNumber: map[string]*device{},
		byDevNum: map[int64]*device{},
		ddi:      map[string]*device{},
		ddiOf:    map[*device]string{},
	}
	var errs []error
	for i, n := range o.Extensions {
		numbered := o.Naming == NamingDeviceNumbers || (o.Naming == NamingMixed && i%2 == 1)
		d := &device{number: n, kind: kindExtension, devNum: extensionDeviceBase + int64(i) + 1, numbered: numbered}
		if !isDigits(n) {
			errs = append(errs, fmt.Errorf("extension %q is not a number", n))
		}
		errs = append(errs, dir.add(d, o.DeviceNumbers))
	}
	for i := range o.Trunks {
		name := fmt.Sprintf("T%02d", i+1)
		d := &device{number: name, kind: kindTrunk, devNum: trunkDeviceBase + int64(i) + 1, numbered: o.Naming != NamingDialingNumbers}
		errs = append(errs, dir.add(d, o.DeviceNumbers))
	}
	errs = append(errs, dir.addGroups(o.Groups))
	errs = append(errs, dir.addDDI(o.DDI))
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, g := range dir.groups {
		for _, m := range g.members {
			m.groups = append(m.groups, g)
		}
	}
	return dir, nil
}

// add registers d, applying a device number override.
func (dir *directory) add(d *device, overrides map[string]int64) error {
	if _, dup := dir.byNumber[d.number]; dup {
		return fmt.Errorf("number %s is used twice", d.number)
	}
	if n, ok := overrides[d.number]; ok {
		d.devNum = n
	}
	if d.kind != kindGroup {
		if other, dup := dir.byDevNum[d.devNum]; dup {
			return fmt.Errorf("device number %d of %s is also %s's", d.devNum, d.number, other.number)
		}
		dir.byDevNum[d.devNum] = d
	}
	dir.byNumber[d.number] = d
	switch d.kind {
	case kindExtension:
		dir.exts = append(dir.exts, d)
	case kindGroup:
		dir.groups = append(dir.groups, d)
	case kindTrunk:
		dir.trunks = append(dir.trunks, d)
	}
	return nil
}

// addGroups registers the ICD groups in number order.
func (dir *directory) addGroups(groups map[string][]string) error {
	var errs []error
	for _, num := range sortedKeys(groups) {
		g := &device{number: num, kind: kindGroup}
		if !isDigits(num) {
			errs = append(errs, fmt.Errorf("group %q is not a number", num))
		}
		for _, m := range groups[num] {
			ext := dir.byNumber[m]
			if ext == nil || ext.kind != kindExtension {
				errs = append(errs, fmt.Errorf("member %s of group %s is not an extension", m, num))
				continue
			}
			g.members = append(g.members, ext)
		}
		errs = append(errs, dir.add(g, nil))
	}
	return errors.Join(errs...)
}

// addDDI registers the DDI numbers in number order.
func (dir *directory) addDDI(ddi map[string]string) error {
	var errs []error
	for _, num := range sortedKeys(ddi) {
		target := dir.byNumber[ddi[num]]
		switch {
		case target == nil || target.kind == kindTrunk:
			errs = append(errs, fmt.Errorf("DDI %s leads to %q, neither an extension nor a group", num, ddi[num]))
		case dir.byNumber[num] != nil:
			errs = append(errs, fmt.Errorf("DDI %s is also a device number", num))
		default:
			dir.ddi[num] = target
			if _, ok := dir.ddiOf[target]; !ok {
				dir.ddiOf[target] = num
			}
		}
	}
	return errors.Join(errs...)
}

// lookup finds the device a client names by dialing or device number.
func (dir *directory) lookup(id csta.DeviceID) *device {
	switch id.Kind {
	case csta.DeviceDialingNumber:
		return dir.byNumber[id.Digits]
	case csta.DeviceNumbered:
		return dir.byDevNum[id.Number]
	}
	return nil
}

// destination is where a call is placed: a device of the PBX or an
// external number reached over a trunk.
type destination struct {
	dev      *device
	external string
}

// errUnknownNumber reports an internal number no device has.
var errUnknownNumber = errors.New("no device has this number")

// resolve decides where a dialed device leads. A dialing number that is not
// a device of the PBX and has at least minExternalDigits digits is
// external; a shorter one yields errUnknownNumber; anything else (trunks,
// non-digits) is invalid.
func (dir *directory) resolve(id csta.DeviceID) (destination, error) {
	if d := dir.lookup(id); d != nil {
		if d.kind == kindTrunk {
			return destination{}, errors.New("a trunk cannot be called")
		}
		return destination{dev: d}, nil
	}
	if id.Kind != csta.DeviceDialingNumber || !isDialable(id.Digits) {
		return destination{}, fmt.Errorf("device %v cannot be dialed", id)
	}
	if t := dir.ddi[id.Digits]; t != nil {
		return destination{dev: t}, nil
	}
	if len(strings.TrimPrefix(id.Digits, "+")) < minExternalDigits {
		return destination{}, errUnknownNumber
	}
	return destination{external: id.Digits}, nil
}

// freeTrunk returns an idle trunk, or nil when all are busy.
func (dir *directory) freeTrunk() *device {
	for _, t := range dir.trunks {
		if t.idle() {
			return t
		}
	}
	return nil
}

// kmeList returns the KME device list of a category: 5 lists the
// extensions, 2 the trunks (PROTOCOLS.md: meaning unconfirmed).
func (dir *directory) kmeList(category int) ([]csta.KMEDevice, bool) {
	var devs []*device
	switch category {
	case csta.KMECategoryExtension:
		devs = dir.exts
	case csta.KMECategoryTrunk:
		devs = dir.trunks
	default:
		return nil, false
	}
	list := make([]csta.KMEDevice, 0, len(devs))
	for _, d := range devs {
		list = append(list, csta.KMEDevice{Device: csta.DeviceNumber(d.devNum), Number: d.number, HasStatus2: true})
	}
	return list, true
}

// isDigits reports whether s is a non-empty string of decimal digits.
func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// isDialable reports whether s may be dialed: digits, * and #, with an
// optional leading +.
func isDialable(s string) bool {
	s = strings.TrimPrefix(s, "+")
	return s != "" && strings.Trim(s, "0123456789*#") == ""
}

// sortedKeys returns the keys of m in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
