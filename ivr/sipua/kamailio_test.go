package sipua

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// kamailioConf is a registrar with digest authentication against one
// plain-text password (auth module, pv_auth_check), a location table in
// memory, and routing of INVITEs to the registered contact.
const kamailioConf = `#!KAMAILIO
debug=2
log_stderror=yes
children=1
auto_aliases=no
listen=udp:127.0.0.1:%d
alias="office.test"
mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
loadmodule "kex.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "auth.so"
modparam("usrloc", "db_mode", 0)
request_route {
	if (is_method("REGISTER")) {
		if (!pv_auth_check("$fd", "%s", "0", "1")) {
			xlog("L_NOTICE", "CHALLENGE $fu\n");
			auth_challenge("$fd", "0");
			exit;
		}
		if (!save("location")) { sl_reply_error(); exit; }
		xlog("L_NOTICE", "REGISTERED $fu contact $ct\n");
		exit;
	}
	if (is_method("INVITE") && !has_totag()) {
		if (!lookup("location")) { sl_send_reply("404", "Not Registered"); exit; }
		xlog("L_NOTICE", "ROUTED $ru\n");
	}
	t_relay();
}
`

// startKamailio runs kamailio in the foreground on a free port.
func startKamailio(t *testing.T, password string) (addr string, log *lockedBuffer) {
	t.Helper()
	requirePeer(t, "kamailio", "apt-get install kamailio")
	dir := t.TempDir()
	port := freePort(t)
	cfg := filepath.Join(dir, "kamailio.cfg")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(kamailioConf, port, password)), 0o644); err != nil {
		t.Fatal(err)
	}
	log = &lockedBuffer{}
	cmd := exec.Command("kamailio", "-f", cfg, "-DD", "-E", "-Y", dir, "-P", filepath.Join(dir, "pid"), "-m", "32", "-M", "8")
	cmd.Stdout, cmd.Stderr = log, log
	// kamailio forks its workers: its own process group lets the test
	// stop them all.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("kamailio log:\n%s", log)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(log.String(), "INFO: <core>") && !strings.Contains(log.String(), "udp: 127.0.0.1") {
		if time.Now().After(deadline) {
			t.Fatalf("kamailio did not start:\n%s", log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	return fmt.Sprintf("127.0.0.1:%d", port), log
}

// TestGateway_Kamailio_Register registers the gateway as extension 650
// with digest authentication; a call to the extension through kamailio
// then reaches the gateway. A wrong password is refused and reported.
func TestGateway_Kamailio_Register(t *testing.T) {
	registrar, klog := startKamailio(t, "s3cret")
	t.Run("wrong password", func(t *testing.T) {
		gw := runExtension(t, registrar, "wrong")
		deadline := time.Now().Add(10 * time.Second)
		for gw.Status().LastError == "" && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		if st := gw.Status(); st.Registered || !strings.Contains(st.LastError, "401") {
			t.Fatalf("status = %+v, want a 401 failure", st)
		}
	})
	gw := runExtension(t, registrar, "s3cret")
	deadline := time.Now().Add(10 * time.Second)
	for !gw.Status().Registered {
		if time.Now().After(deadline) {
			t.Fatalf("not registered: %+v", gw.Status())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(klog.String(), "CHALLENGE sip:650@office.test") || !strings.Contains(klog.String(), "REGISTERED sip:650@office.test") {
		t.Fatalf("kamailio did not challenge and then register 650")
	}
	// A call to 650 at the registrar reaches the gateway.
	requirePeer(t, "sipp", "apt-get install sip-tester")
	out, err := runSIPp(t, "testdata/info_dtmf.xml", registrar, "-m", "1", "-s", "650")
	if err != nil {
		t.Fatalf("call through kamailio: %v\n%s", err, out)
	}
	if !strings.Contains(klog.String(), "ROUTED sip:650@127.0.0.1") || gw.Status().TotalCalls != 1 {
		t.Fatalf("the call did not reach the registered gateway (total calls %d)", gw.Status().TotalCalls)
	}
}

func runExtension(t *testing.T, registrar, password string) *Gateway {
	t.Helper()
	gw, err := New(Options{Listen: "127.0.0.1:0", Mode: ModeExtension, Registrar: registrar, Domain: "office.test",
		Username: "650", Password: password, Flows: memFlows{testFlow(t)},
		Prompts: memPrompts{"notice": noise(1, time.Second), "menu": noise(2, time.Second), "after_hours": noise(3, time.Second)}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- gw.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	<-gw.Ready()
	return gw
}
