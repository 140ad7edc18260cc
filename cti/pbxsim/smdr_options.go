package pbxsim

import (
	"errors"
	"fmt"
	"strings"
)

// Defaults of SMDROptions (PROTOCOLS.md: the port and the password are
// unconfirmed by a manual).
const (
	DefaultSMDRAddr           = ":2300"
	DefaultSMDRUser           = "SMDR"
	DefaultSMDRPassword       = "PCCSMDR"
	DefaultSMDRUserPrompt     = "login: "
	DefaultSMDRPasswordPrompt = "Password: "
	DefaultSMDRPageLength     = 60
	DefaultSMDRLoginAttempts  = 3
	DefaultSMDRQueueLimit     = 10000
)

// SMDRLineEndNUL is CR NUL, the line end of boards that send a carriage
// return the telnet way (RFC 854), for SMDROptions.LineEnd.
const SMDRLineEndNUL = "\r\x00"

// SMDROptions configures the SMDR output and its telnet server. The zero
// value prints Pattern A with MM/DD/YY dates, RC, AN and NA lines, a
// header every 60 lines and CR LF line ends, and asks for user SMDR and
// password PCCSMDR after the prompts "login: " and "Password: ".
type SMDROptions struct {
	// User and Password are the credentials a client must send; "" means
	// "SMDR" and "PCCSMDR".
	User, Password string
	// UserPrompt and PasswordPrompt are the prompts; "" means "login: "
	// and "Password: ". Some boards ask "Enter user name: ".
	UserPrompt, PasswordPrompt string
	// NoPrompt sends no prompt at all: the client sends the user and the
	// password lines unasked.
	NoPrompt bool
	// NoEcho does not echo the user name back; by default the PBX echoes
	// it, as it announced (IAC WILL ECHO). The password is never echoed.
	NoEcho bool
	// LoginAttempts is the number of failed logins after which the
	// connection is closed; zero means 3.
	LoginAttempts int
	// DayFirst prints dates as DD/MM/YY instead of MM/DD/YY.
	DayFirst bool
	// PageLength is the number of lines of a page, header and separator
	// included: they are printed again at the top of every page. Zero
	// means 60, a negative value prints them once only.
	PageLength int
	// OmitRC and OmitAN leave out the RC lines printed when an incoming
	// call starts ringing and the AN lines printed when it is answered.
	OmitRC, OmitAN bool
	// OmitNA leaves out the records of calls nobody answered, as a PBX
	// not programmed to print them does.
	OmitNA bool
	// PadLines keeps the trailing blanks of every line (80 columns); by
	// default they are trimmed.
	PadLines bool
	// LineEnd ends every line; "" means CR LF. SMDRLineEndNUL is CR NUL.
	LineEnd string
	// QueueLimit bounds the lines waiting to be written to one client;
	// further lines are lost for that client. Zero means 10000.
	QueueLimit int
}

// validate reports options the SMDR server cannot work with.
func (o SMDROptions) validate() error {
	var errs []error
	if o.LoginAttempts < 0 || o.QueueLimit < 0 {
		errs = append(errs, errors.New("login attempts and queue limit must not be negative"))
	}
	if o.PageLength > 0 && o.PageLength < 3 {
		errs = append(errs, fmt.Errorf("page length %d leaves no room for a record below the header", o.PageLength))
	}
	for _, s := range []string{o.User, o.Password} {
		if strings.ContainsAny(s, "\r\n\x00\xff") {
			errs = append(errs, errors.New("user and password must not contain CR, LF, NUL or 0xFF"))
			break
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("smdr: %w", err)
	}
	return nil
}

// withDefaults returns o with every zero field replaced by its default.
func (o SMDROptions) withDefaults() SMDROptions {
	def := func(v *string, d string) {
		if *v == "" {
			*v = d
		}
	}
	def(&o.User, DefaultSMDRUser)
	def(&o.Password, DefaultSMDRPassword)
	def(&o.UserPrompt, DefaultSMDRUserPrompt)
	def(&o.PasswordPrompt, DefaultSMDRPasswordPrompt)
	def(&o.LineEnd, "\r\n")
	if o.LoginAttempts == 0 {
		o.LoginAttempts = DefaultSMDRLoginAttempts
	}
	if o.PageLength == 0 {
		o.PageLength = DefaultSMDRPageLength
	}
	if o.QueueLimit == 0 {
		o.QueueLimit = DefaultSMDRQueueLimit
	}
	return o
}
