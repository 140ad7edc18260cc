package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"math"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/trace"
	"strconv"
	"strings"
	"syscall"
	"time"

	"linka/ivr"
	"linka/ivr/audio"
	"linka/ivr/media"
	"linka/ivr/sipua"
)

// benchScenario is the SIPp caller of `linka bench ivr`: it calls, waits
// for the gateway to play its prompt and hang up, and answers the BYE.
//
//go:embed ivr_bench.xml
var benchScenario []byte

// runBench runs a benchmark named by its first argument.
func runBench(ctx context.Context, args []string, e env) error {
	if len(args) == 0 || args[0] != "ivr" {
		return usagef("usage: linka bench ivr [flags]  (the voice gateway under SIPp load)")
	}
	return runBenchIVR(ctx, args[1:], e)
}

// runBenchIVR drives concurrent calls from SIPp into an in-process
// gateway that plays a prompt on each, and reports the outgoing packet
// pacing error: how late each RTP packet left against its 20 ms schedule.
func runBenchIVR(ctx context.Context, args []string, e env) error {
	fs := flag.NewFlagSet("bench ivr", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	calls := fs.Int("calls", 200, "concurrent calls")
	hold := fs.Duration("hold", 20*time.Second, "length of the prompt each call plays")
	rate := fs.Int("rate", 50, "new calls per second while ramping up")
	sippBin := fs.String("sipp", "sipp", "SIPp binary (Debian package sip-tester)")
	echo := fs.Bool("echo", true, "SIPp echoes the RTP back (-rtp_echo), so the gateway also receives 50 packets/s per call")
	traceFile := fs.String("trace", "", "write a Go execution trace of the run to this file (go tool trace)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *calls < 1 || *calls > 2000 || *hold < time.Second || *rate < 1 {
		return usagef("-calls must be 1–2000, -hold at least 1s, -rate at least 1")
	}
	if _, err := exec.LookPath(*sippBin); err != nil {
		return usagef("SIPp not found (apt-get install sip-tester): %v", err)
	}
	prompt := benchPrompt(*hold)
	flow := &ivr.Flow{Name: "bench", Language: ivr.LangCzech, Start: "play", Nodes: []ivr.Node{
		{ID: "play", Kind: ivr.KindPlay, Prompt: "bench", Next: "bye"}, {ID: "bye", Kind: ivr.KindHangup}}}
	var pacing media.Histogram
	gw, err := sipua.New(sipua.Options{Listen: "127.0.0.1:0", Mode: sipua.ModeTrunk, Flow: "bench", MediaTimeout: -1,
		MaxCalls: *calls + 10, Flows: benchFlows{flow}, Prompts: benchPrompts{prompt}, Pacing: &pacing})
	if err != nil {
		return err
	}
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- gw.Run(gctx) }()
	<-gw.Ready()
	dir, err := os.MkdirTemp("", "linka-bench-ivr-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	scenario := filepath.Join(dir, "caller.xml")
	if err := os.WriteFile(scenario, benchScenario, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "linka bench ivr: %d calls from SIPp (%d/s), each plays %s of G.711 A-law; load average %s\n",
		*calls, *rate, *hold, loadAverage())
	cpu0, wall0 := cpuTime(), time.Now()
	peak := 0
	stopPeak := make(chan struct{})
	go func() {
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopPeak:
				return
			case <-t.C:
				peak = max(peak, gw.Status().Calls)
			}
		}
	}()
	sctx, scancel := context.WithTimeout(ctx, *hold+time.Duration(*calls / *rate)*time.Second+2*time.Minute)
	defer scancel()
	sippArgs := []string{"-sf", scenario, "-i", "127.0.0.1", "-p", strconv.Itoa(freeUDPPort()),
		"-m", strconv.Itoa(*calls), "-l", strconv.Itoa(*calls), "-r", strconv.Itoa(*rate), "-mp", strconv.Itoa(freeUDPPort()),
		"-nostdin"}
	if *echo {
		sippArgs = append(sippArgs, "-rtp_echo")
	}
	cmd := exec.CommandContext(sctx, *sippBin, append(sippArgs, gw.Addr().String())...)
	cmd.Dir = dir
	stopTrace, err := startTrace(*traceFile)
	if err != nil {
		return err
	}
	out, runErr := cmd.CombinedOutput()
	stopTrace()
	close(stopPeak)
	wall, cpu := time.Since(wall0), cpuTime()-cpu0
	st := gw.Status()
	cancel()
	fmt.Fprintf(e.stdout, "pacer thread real-time priority: %v\n", st.RealTimePacing)
	<-done
	if runErr != nil {
		fmt.Fprintf(e.stderr, "%s\n", tail(out, 2000))
		return fmt.Errorf("sipp: %w", runErr)
	}
	fmt.Fprintf(e.stdout, "calls answered %d, peak concurrent %d, wall %s, gateway CPU %s (%.0f%% of one core)\n",
		st.TotalCalls, peak, wall.Round(time.Millisecond), cpu.Round(time.Millisecond), 100*cpu.Seconds()/wall.Seconds())
	fmt.Fprintf(e.stdout, "RTP packets sent %d; pacing error p50 %s, p90 %s, p99 %s, p99.9 %s, max %s\n", pacing.Count(),
		pacing.Percentile(0.50), pacing.Percentile(0.90), pacing.Percentile(0.99), pacing.Percentile(0.999), pacing.Max().Round(time.Microsecond))
	fmt.Fprintf(e.stdout, "load average at the end %s (other processes compete for the CPU: see docs/performance.md)\n", loadAverage())
	if p99 := pacing.Percentile(0.99); p99 > 2*time.Millisecond {
		fmt.Fprintf(e.stdout, "goal NOT met: p99 %s > 2 ms\n", p99)
	} else {
		fmt.Fprintf(e.stdout, "goal met: p99 ≤ 2 ms at %d concurrent calls\n", peak)
	}
	return nil
}

// startTrace starts a Go execution trace into path ("" for none) and
// returns what stops it.
func startTrace(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("trace: %w", err)
	}
	return func() { trace.Stop(); f.Close() }, nil
}

type benchFlows struct{ f *ivr.Flow }

func (b benchFlows) ActiveFlow(context.Context, string) (*ivr.Flow, error) { return b.f, nil }

type benchPrompts struct{ s []int16 }

func (b benchPrompts) PromptAudio(context.Context, string, string) ([]int16, error) { return b.s, nil }

// benchPrompt is d of a quiet sweep.
func benchPrompt(d time.Duration) []int16 {
	n := int(d.Seconds() * audio.Rate)
	s := make([]float64, n)
	for i := range s {
		f := 300 + 3000*float64(i%audio.Rate)/audio.Rate
		s[i] = 0.3 * math.Sin(2*math.Pi*f*float64(i)/audio.Rate)
	}
	return audio.PCM16(s)
}

// cpuTime returns the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// freeUDPPort returns a UDP port free on loopback right now.
func freeUDPPort() int {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		return 0
	}
	defer pc.Close()
	return pc.LocalAddr().(*net.UDPAddr).Port
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// loadAverage returns the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
