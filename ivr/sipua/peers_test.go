package sipua

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// requirePeer skips a test whose real peer is missing, or fails it when
// LINKA_REQUIRE_PEERS=1 (CI).
func requirePeer(t *testing.T, bin, how string) {
	t.Helper()
	if _, err := exec.LookPath(bin); err == nil {
		return
	}
	if os.Getenv("LINKA_REQUIRE_PEERS") == "1" {
		t.Fatalf("missing peer %s (LINKA_REQUIRE_PEERS=1): %s", bin, how)
	}
	t.Skipf("%s not installed: %s", bin, how)
}

// freePort returns a port free for UDP and TCP on loopback right now.
func freePort(t *testing.T) int {
	t.Helper()
	for range 20 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		l.Close()
		if err == nil {
			u.Close()
			return port
		}
	}
	t.Fatal("no free port")
	return 0
}

// baresip is a real SIP phone driven through its ctrl_tcp interface. It
// plays a WAV file as its microphone and, with the sndfile module, writes
// what it hears to DIR/dump-*-dec.wav.
type baresip struct {
	t    *testing.T
	dir  string
	cmd  *exec.Cmd
	ctrl net.Conn
	out  *lockedBuffer
	port int

	mu     sync.Mutex
	events []map[string]any
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// freeSIPPort returns a port P free for UDP and TCP on loopback right now
// with P+1 free for TCP too: baresip listens on UDP and TCP at its
// sip_listen port and on TLS one port above it, and fails to start when
// that one is taken.
func freeSIPPort(t *testing.T) int {
	t.Helper()
	for range 50 {
		p := freePort(t)
		if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+1)); err == nil {
			l.Close()
			return p
		}
	}
	t.Fatal("no free pair of ports")
	return 0
}

// startBaresip starts baresip in a temp dir on free ports, with the
// account options given (e.g. "answermode=auto").
func startBaresip(t *testing.T, micWAV, accountParams string) *baresip {
	t.Helper()
	requirePeer(t, "baresip", "apt-get install baresip")
	dir := t.TempDir()
	sipPort, ctrlPort, rtpBase := freeSIPPort(t), freePort(t), freePort(t)&^1
	conf := fmt.Sprintf(`poll_method epoll
sip_listen 127.0.0.1:%d
audio_player aubridge,sink
audio_source aufile,%s
audio_alert aubridge,alert
rtp_ports %d-%d
module_path /usr/lib/baresip/modules
module g711.so
module aufile.so
module aubridge.so
module sndfile.so
module_app account.so
module_app menu.so
module_app ctrl_tcp.so
ctrl_tcp_listen 127.0.0.1:%d
snd_path %s
`, sipPort, micWAV, rtpBase, rtpBase+20, ctrlPort, dir)
	if err := os.WriteFile(filepath.Join(dir, "config"), []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	acct := fmt.Sprintf("<sip:tester@127.0.0.1:%d>;regint=0;audio_codecs=PCMA,PCMU;%s\n", sipPort, accountParams)
	if err := os.WriteFile(filepath.Join(dir, "accounts"), []byte(acct), 0o644); err != nil {
		t.Fatal(err)
	}
	b := &baresip{t: t, dir: dir, out: &lockedBuffer{}, port: sipPort}
	b.cmd = exec.Command("baresip", "-f", dir, "-v")
	b.cmd.Dir = dir
	b.cmd.Stdout, b.cmd.Stderr = b.out, b.out
	b.cmd.Stdin = nil
	if err := b.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.stop)
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", ctrlPort))
		if err == nil {
			b.ctrl = c
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("baresip control port did not open: %v\n%s", err, b.out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	go b.readEvents()
	return b
}

func (b *baresip) stop() {
	if b.ctrl != nil {
		b.ctrl.Close()
	}
	_ = b.cmd.Process.Kill()
	_ = b.cmd.Wait()
	if b.t.Failed() {
		b.t.Logf("baresip output:\n%s", b.out)
	}
}

// command sends a long command, e.g. ("dial", "sip:x@y").
func (b *baresip) command(name, params string) {
	msg, _ := json.Marshal(map[string]string{"command": name, "params": params, "token": "t"})
	if _, err := fmt.Fprintf(b.ctrl, "%d:%s,", len(msg), msg); err != nil {
		b.t.Fatalf("baresip command %s: %v", name, err)
	}
}

// readEvents reads the netstrings baresip sends (events and responses).
func (b *baresip) readEvents() {
	r := bufio.NewReader(b.ctrl)
	for {
		n, err := r.ReadString(':')
		if err != nil {
			return
		}
		size, err := strconv.Atoi(strings.TrimSuffix(n, ":"))
		if err != nil {
			return
		}
		buf := make([]byte, size+1)
		if _, err := io.ReadFull(r, buf); err != nil {
			return
		}
		var ev map[string]any
		if json.Unmarshal(buf[:size], &ev) == nil {
			b.mu.Lock()
			b.events = append(b.events, ev)
			b.mu.Unlock()
		}
	}
}

// waitEvent waits for a baresip event of the type, e.g. CALL_ESTABLISHED.
func (b *baresip) waitEvent(typ string, d time.Duration) map[string]any {
	b.t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		b.mu.Lock()
		for _, ev := range b.events {
			if ev["type"] == typ {
				b.mu.Unlock()
				return ev
			}
		}
		b.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("baresip event %s did not come within %s; events: %v", typ, d, b.eventTypes())
	return nil
}

func (b *baresip) eventTypes() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, ev := range b.events {
		out = append(out, fmt.Sprint(ev["type"]))
	}
	return out
}

// recording returns the path of the WAV of what baresip heard.
func (b *baresip) recording() string {
	m, _ := filepath.Glob(filepath.Join(b.dir, "dump-*-dec.wav"))
	if len(m) == 0 {
		return ""
	}
	return m[0]
}
