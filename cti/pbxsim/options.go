package pbxsim

import (
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Naming says how event reports name the PBX's own devices. A real
// Panasonic PBX names many devices by their deviceNumber, an integer the
// client can only map to an extension through the KME device list.
type Naming int

// Device naming policies.
const (
	// NamingMixed names every second extension (the 2nd, 4th, … of
	// Options.Extensions) and every trunk by device number, the others by
	// dialing number. It is the default: a client must use the device list.
	NamingMixed Naming = iota
	// NamingDialingNumbers names every device by its dialing number.
	NamingDialingNumbers
	// NamingDeviceNumbers names every extension and trunk by device number.
	NamingDeviceNumbers
)

// MonitorPolicy says what a monitorStart on a device the same client
// already monitors does. ECMA-269 allows several monitors on one device;
// what Panasonic firmware does is unconfirmed.
type MonitorPolicy int

// Monitor policies.
const (
	// MonitorAddNew starts another monitor with a new cross reference;
	// events are then reported once per monitor. The default.
	MonitorAddNew MonitorPolicy = iota
	// MonitorReuse returns the cross reference of the existing monitor.
	MonitorReuse
	// MonitorReject answers with a CSTA error (invalidMonitorObject).
	MonitorReject
)

// Defaults applied by New to zero Options fields.
const (
	DefaultHeartbeatInterval = 30 * time.Second
	DefaultTrunks            = 8
	DefaultMaxCallID         = 999
	DefaultKMESegmentSize    = 8
	DefaultQueueLimit        = 20000
)

// Options configures a PBX. The zero value is a usable small office:
// extensions 101…110, ICD group 600 with members 101, 102 and 103, 8 trunks,
// one DDI number per extension and group ("544503" + number), mixed device
// naming and a heartbeat every 30 seconds.
type Options struct {
	// Extensions are the extension numbers; nil means 101…110.
	Extensions []string
	// Groups maps ICD group numbers to their member extensions; nil means
	// {"600": the first three extensions}, an empty map no group.
	Groups map[string][]string
	// Trunks is the number of CO lines, named T01, T02, …; zero means 8.
	Trunks int
	// DDI maps direct-dial-in numbers to the extension or group they reach;
	// nil means "544503"+number for every extension and group.
	DDI map[string]string
	// DeviceNumbers overrides the Panasonic device numbers of extensions and
	// trunks (by extension number or trunk name). The defaults are 100001…
	// for extensions and 200001… for trunks, so that no device number is
	// also a dialing number.
	DeviceNumbers map[string]int64
	// Naming says which devices events name by device number.
	Naming Naming
	// HeartbeatInterval is the period of the systemStatus(normal)
	// heartbeat; zero means 30 s, a negative value sends only the one that
	// follows the AARE.
	HeartbeatInterval time.Duration
	// LegacyHeartbeat sends the heartbeat as the Phase II operation 52
	// instead of 211, as older firmware does.
	LegacyHeartbeat bool
	// EventsBeforeResult sends the events a service causes before its
	// ReturnResult; by default the result goes first.
	EventsBeforeResult bool
	// Monitors says what a repeated monitorStart on one device does.
	Monitors MonitorPolicy
	// MaxClients limits the associations at a time (one is typical of a
	// real PBX); zero means no limit. Further AARQs get a transient
	// rejection.
	MaxClients int
	// MaxCallID is the largest CSTA call id; ids are reused from the
	// smallest free one. Zero means 999; at most 65535.
	MaxCallID int
	// KMESegmentSize is the number of devices per device-list segment; zero
	// means 8.
	KMESegmentSize int
	// QueueLimit bounds the PDUs waiting to be written to one client; when
	// it is reached events are dropped and the client is later told
	// messagesLost. Zero means 20000.
	QueueLimit int
	// AgentsLoggedOut starts ICD group members logged out; by default they
	// are logged in and ready.
	AgentsLoggedOut bool
	// Now is the clock for call times and CDR records; nil means time.Now.
	Now func() time.Time
	// Logger receives debug messages (connections, rejected requests);
	// nil discards them.
	Logger *slog.Logger
	// SMDR configures the SMDR output and its telnet server.
	SMDR SMDROptions
}

// Validate reports options New cannot work with.
func (o Options) Validate() error {
	var errs []error
	if o.Trunks < 0 {
		errs = append(errs, fmt.Errorf("trunks: %d is negative", o.Trunks))
	}
	if o.MaxCallID < 0 || o.MaxCallID > 0xffff {
		errs = append(errs, fmt.Errorf("max call id: %d is outside 0…65535", o.MaxCallID))
	}
	if o.KMESegmentSize < 0 || o.QueueLimit < 0 || o.MaxClients < 0 {
		errs = append(errs, errors.New("segment size, queue limit and max clients must not be negative"))
	}
	if o.Naming < NamingMixed || o.Naming > NamingDeviceNumbers {
		errs = append(errs, fmt.Errorf("naming: unknown value %d", o.Naming))
	}
	if o.Monitors < MonitorAddNew || o.Monitors > MonitorReject {
		errs = append(errs, fmt.Errorf("monitors: unknown policy %d", o.Monitors))
	}
	if err := o.SMDR.validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		_, err := newDirectory(o.withDefaults())
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("pbxsim: options: %w", err)
	}
	return nil
}

// withDefaults returns o with every zero field replaced by its default.
func (o Options) withDefaults() Options {
	if o.Extensions == nil {
		for n := 101; n <= 110; n++ {
			o.Extensions = append(o.Extensions, fmt.Sprint(n))
		}
	}
	if o.Groups == nil {
		o.Groups = map[string][]string{"600": o.Extensions[:min(3, len(o.Extensions))]}
	}
	if o.Trunks == 0 {
		o.Trunks = DefaultTrunks
	}
	if o.DDI == nil {
		o.DDI = map[string]string{}
		for _, e := range o.Extensions {
			o.DDI["544503"+e] = e
		}
		for g := range o.Groups {
			o.DDI["544503"+g] = g
		}
	}
	if o.HeartbeatInterval == 0 {
		o.HeartbeatInterval = DefaultHeartbeatInterval
	}
	if o.MaxCallID == 0 {
		o.MaxCallID = DefaultMaxCallID
	}
	if o.KMESegmentSize == 0 {
		o.KMESegmentSize = DefaultKMESegmentSize
	}
	if o.QueueLimit == 0 {
		o.QueueLimit = DefaultQueueLimit
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	o.SMDR = o.SMDR.withDefaults()
	return o
}
