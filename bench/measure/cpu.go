package measure

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTicks is USER_HZ, the unit of the times in /proc/PID/stat: 100 on
// every Linux the benches run on.
const clockTicks = 100

// CPUTime is the user and system CPU time the process has used so far,
// read from /proc.
func CPUTime(pid int) time.Duration {
	return ticksToDuration(processStats()[pid].ticks)
}

// TreeCPUTime is CPUTime of the process and all its living descendants (a
// PostgreSQL postmaster and its backends). Processes that have exited are
// not counted, so take it around a phase whose processes stay up.
func TreeCPUTime(root int) time.Duration {
	stats := processStats()
	var ticks int64
	for pid, st := range stats {
		for p := pid; ; p = stats[p].ppid {
			if p == root {
				ticks += st.ticks
				break
			}
			if _, ok := stats[stats[p].ppid]; !ok || p <= 1 {
				break
			}
		}
	}
	return ticksToDuration(ticks)
}

func ticksToDuration(ticks int64) time.Duration {
	return time.Duration(ticks) * time.Second / clockTicks
}

type procStat struct {
	ppid  int
	ticks int64 // utime + stime
}

// processStats reads /proc/*/stat of every process.
func processStats() map[int]procStat {
	stats := map[int]procStat{}
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // exited meanwhile
		}
		// The command name, in parentheses, may hold spaces: the fields
		// start after its last ')'.
		s := string(b)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 13 {
			continue
		}
		pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
		ppid, _ := strconv.Atoi(fields[1])
		utime, _ := strconv.ParseInt(fields[11], 10, 64)
		stime, _ := strconv.ParseInt(fields[12], 10, 64)
		stats[pid] = procStat{ppid: ppid, ticks: utime + stime}
	}
	return stats
}

// MachineCPUTime is the CPU time all processes have used so far, on every
// core, from /proc/stat: user, nice, system, irq and softirq.
func MachineCPUTime() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	fields := strings.Fields(line) // cpu user nice system idle iowait irq softirq …
	var ticks int64
	for _, i := range []int{1, 2, 3, 6, 7} {
		if i < len(fields) {
			v, _ := strconv.ParseInt(fields[i], 10, 64)
			ticks += v
		}
	}
	return ticksToDuration(ticks)
}

// CPUMeter reads the CPU time of the bench's processes: this one, a
// PostgreSQL cluster (its postmaster and backends), any others (a mail
// server), and the whole machine.
type CPUMeter struct {
	Postmaster int
	Others     []int
}

// CPUTimes is what a CPUMeter read, or the difference of two readings.
type CPUTimes struct {
	Self, Postgres time.Duration
	Others         []time.Duration
	Machine        time.Duration
}

// Read reads the CPU time used so far.
func (m CPUMeter) Read() CPUTimes {
	t := CPUTimes{Self: CPUTime(os.Getpid()), Postgres: TreeCPUTime(m.Postmaster), Machine: MachineCPUTime()}
	for _, pid := range m.Others {
		t.Others = append(t.Others, CPUTime(pid))
	}
	return t
}

// Minus is the CPU time used between reading b and reading a.
func (a CPUTimes) Minus(b CPUTimes) CPUTimes {
	d := CPUTimes{Self: a.Self - b.Self, Postgres: a.Postgres - b.Postgres, Machine: a.Machine - b.Machine}
	for i := range a.Others {
		d.Others = append(d.Others, a.Others[i]-b.Others[i])
	}
	return d
}

// PerOp is each time divided by n, in milliseconds, formatted for Printf:
// this process, PostgreSQL, the others in order, the whole machine.
func (a CPUTimes) PerOp(n int) []any {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()*1000/float64(max(1, n))) }
	out := []any{ms(a.Self), ms(a.Postgres)}
	for _, d := range a.Others {
		out = append(out, ms(d))
	}
	return append(out, ms(a.Machine))
}
