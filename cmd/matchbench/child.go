package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"strings"
	"syscall"
	"time"

	"nsor/match"
	"nsor/match/synth"
)

// result is one query's answer from one method.
type result struct {
	QID      string       `json:"qid"`
	Cands    []resultCand `json:"c"`
	Nanos    int64        `json:"ns"`
	CPU      int64        `json:"cpu,omitempty"` // the searching thread's CPU time (engine only)
	TimedOut bool         `json:"timeout,omitempty"`
}

type resultCand struct {
	ID   string     `json:"id"`
	Band match.Band `json:"b,omitempty"`
}

// engineRun is what the child reports.
type engineRun struct {
	Build      time.Duration `json:"build_ns"`
	BuildCPU   time.Duration `json:"build_cpu_ns"` // the process's CPU time (all threads) while building
	HWMReset   bool          `json:"hwm_reset"`    // VmHWM was reset before the build: the peak is the index's
	RSSBefore  int64         `json:"rss_before"`   // VmRSS with the register loaded, before the index
	HWM        int64         `json:"hwm"`          // VmHWM at the end: the process's peak
	HeapBefore uint64        `json:"heap_before"`  // live heap before the index
	HeapAfter  uint64        `json:"heap_after"`   // live heap with the index built
	RSSAfter   int64         `json:"rss_after"`    // VmRSS with the index built
	Results    []result      `json:"results"`      // the frozen queries
	Hard       []result      `json:"hard"`         // the bulk hard negatives
}

// runEngine runs this program again as the engine's child and reads its report.
func runEngine(c config) (*engineRun, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, "--engine-child", "--n", strconv.Itoa(c.n), "--seed", strconv.FormatUint(c.seed, 10),
		"--hard", strconv.Itoa(c.hard), "--k", strconv.Itoa(c.k), "--lexicon", c.lexicon)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("child: %w", err)
	}
	var e engineRun
	if err := json.Unmarshal(stdout.Bytes(), &e); err != nil {
		return nil, fmt.Errorf("child's report: %w", err)
	}
	return &e, nil
}

// runChild builds the index from the register and runs every query once,
// one at a time, timing each Search.
func runChild(c config, out io.Writer) error {
	reg, set, err := load(c)
	if err != nil {
		return err
	}
	persons := reg.Persons()
	reg = nil
	var e engineRun
	e.HeapBefore, e.RSSBefore = liveHeap(), procStatus("VmRSS")
	// The peak so far is the register's generation, not the index's: reset
	// VmHWM to the current RSS (Linux's clear_refs, value 5).
	e.HWMReset = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	start, cpu := time.Now(), processCPU()
	s, err := buildEngine(persons)
	persons = nil
	if err != nil {
		return err
	}
	e.Build, e.BuildCPU = time.Since(start), processCPU()-cpu
	e.HeapAfter, e.RSSAfter = liveHeap(), procStatus("VmRSS")
	e.Results = search(s, set.Queries, c.k)
	e.Hard = search(s, set.HardNegatives, c.k)
	e.HWM = procStatus("VmHWM")
	runtime.KeepAlive(s)
	w := bufio.NewWriter(out)
	if err := json.NewEncoder(w).Encode(&e); err != nil {
		return err
	}
	return w.Flush()
}

func search(s match.Searcher, qs []synth.Query, k int) []result {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rs := make([]result, len(qs))
	for i := range qs {
		p := qs[i].Person()
		t, c := time.Now(), threadCPU()
		cs := s.Search(p, k)
		rs[i].Nanos, rs[i].CPU = time.Since(t).Nanoseconds(), threadCPU()-c
		rs[i].QID = qs[i].QID
		for _, c := range cs {
			rs[i].Cands = append(rs[i].Cands, resultCand{c.ID, c.Band})
		}
	}
	return rs
}

// liveHeap is the heap's live bytes after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	debug.FreeOSMemory()
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// procStatus reads a size in bytes from /proc/self/status (0 off Linux).
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n * 1024
			}
		}
	}
	return 0
}

// processCPU is the process's user and system CPU time, all threads.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
