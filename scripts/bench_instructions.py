"""Instruction counts under callgrind, for scripts/bench: the --instructions table and the
instruction goals that --check measures beside the times.

Callgrind counts the same on a busy machine as on an idle one. Each figure is per unit of
work: the counts of two sizes of a run, their difference divided by the units between them,
so that start-up cancels out. Valgrind runs the release `tide` as scripts/build-release
makes it (the Swift runtime linked in, libc and liblua shared), but gives up on its DWARF 5
debug information ("Possibly corrupted debuginfo file"): it counts a copy without it.
"""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
TIMEOUT = 1800  # seconds per run under callgrind (a million timers take a few minutes)

# (scenario, unit, units per N): what --instructions counts, between these two sizes.
INSTRUCTION_ROWS = [("pingpong", "task switch", 2), ("spawn_gather", "task", 1), ("semaphore", "task", 1),
                    ("queue", "item", 1), ("printing", "print", 2)]
INSTRUCTION_SIZES = (10_000, 30_000)
# How Tide runs the scenarios above: as the time rows run them, on the real clock (none of
# them sleeps). The slow-task watch stays on, with a threshold valgrind's slowness cannot
# reach, so no report's work is counted. (The virtual clock counts instructions for its live
# warning, a count hook that stops the VM at every instruction: docs/performance.md says what
# that costs.) The timers sleep, so they run on the virtual clock.
INSTRUCTION_OPTIONS = ["--clock", "real", "--slow-task-ms", "600000", "--seed", "1"]
TIMER_OPTIONS = ["--clock", "virtual", "--seed", "1"]
# The C floors' counts vary from run to run with Lua's string hash seed, random in a plain
# liblua state (pingpong 1,600-1,673 a switch over ten runs; Tide fixes its seed): each
# floor's count is the median of this many.
FLOOR_COUNTS = 7
# Virtual timers at scale: instructions per timer from 10k to 100k, and from 100k to 1M.
TIMERS_AT_100K = ("tide", "timers", 10_000, 100_000, 1)
TIMERS_AT_1M = ("tide", "timers", 100_000, 1_000_000, 1)


def per_unit_of(program, name, per_n):
    """A measurement: instructions per unit of `program` ("tide" or the "c" floor) on the
    scenario `name`, between the two sizes of INSTRUCTION_SIZES."""
    return (program, name, *INSTRUCTION_SIZES, per_n)


def against_floor(name, unit, per_n, goal):
    return (f"{name} ÷ C floor, instructions per {unit}", per_unit_of("tide", name, per_n),
            per_unit_of("c", name, per_n), goal)


# Issue 19's instruction goals: (what, measured, against, goal): measured ÷ against ≤ goal.
# A measurement is (program, scenario, small N, large N, units per N); each run is counted once.
INSTRUCTION_GOALS = [
    against_floor("spawn_gather", "task", 1, 1.5),
    against_floor("semaphore", "task", 1, 1.5),
    against_floor("pingpong", "task switch", 2, 1.3),
    against_floor("queue", "item", 1, 1.5),
    ("timers (virtual): per timer at 1M ÷ at 100k", TIMERS_AT_1M, TIMERS_AT_100K, 1.1),
]


class CallgrindFailed(Exception):
    pass


class Callgrind:
    """Counts the instructions of Tide's scenarios (each run once) and of the C floors (the
    median of FLOOR_COUNTS runs).
    Use it in a `with` block: it keeps a stripped copy of Tide and the floors it built."""

    def __init__(self, tide, build_c_floor, status=lambda message: None):
        self.valgrind = shutil.which("valgrind")
        self.tide = tide
        self.build_c_floor = build_c_floor
        self.status = status
        self.counts = {}  # (program, scenario, N) -> instructions
        self.floors = {}  # scenario -> its built C floor, or None
        self.stripped = None

    def __enter__(self):
        self.stripped = Path(tempfile.gettempdir()) / f"tide-bench-stripped-{os.getpid()}"
        shutil.copy(self.tide, self.stripped)
        subprocess.run(["strip", "--strip-debug", self.stripped], check=True)
        return self

    def __exit__(self, *_):
        self.stripped.unlink(missing_ok=True)
        for binary in self.floors.values():
            if binary:
                binary.unlink(missing_ok=True)

    def has_floor(self, name):
        if name not in self.floors:
            self.floors[name] = self.build_c_floor(name) if (BENCH / "c" / f"{name}.c").exists() else None
        return self.floors[name] is not None

    def count(self, program, name, n):
        key = (program, name, n)
        if key not in self.counts:
            self.status(f"{name} ({'C floor' if program == 'c' else 'Tide'}, N = {n:,}) under callgrind")
            if program == "c":
                if not self.has_floor(name):
                    raise CallgrindFailed(f"no C floor for {name} (bench/c/{name}.c did not build)")
                runs = sorted(self._run([self.floors[name], n]) for _ in range(FLOOR_COUNTS))
                self.counts[key] = runs[len(runs) // 2]
            else:
                options = TIMER_OPTIONS if name == "timers" else INSTRUCTION_OPTIONS
                self.counts[key] = self._run([self.stripped, "run", *options, BENCH / "lua" / f"{name}.lua", n])
        return self.counts[key]

    def per_unit(self, measurement):
        program, name, small, large, per_n = measurement
        return (self.count(program, name, large) - self.count(program, name, small)) / ((large - small) * per_n)

    def _run(self, cmd):
        done = subprocess.run([self.valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *map(str, cmd)],
                              cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)
        found = [line.split()[-1] for line in done.stderr.splitlines() if "Collected :" in line]
        if done.returncode != 0 or not found:
            raise CallgrindFailed(f"$ {' '.join(map(str, cmd))}\n" + done.stderr[-600:])
        return int(found[0])


def no_valgrind():
    """Why callgrind cannot count here, or None when it can."""
    if shutil.which("valgrind"):
        return None
    return "valgrind is not installed (scripts/setup installs it; or apt-get install -y valgrind)"


def instruction_table(callgrind, clear_status):
    """--instructions: each scenario's instructions per unit beside its C floor's, and the
    virtual timers per timer at 100k and at 1M."""
    small, large = INSTRUCTION_SIZES
    print(f"Instructions per unit (valgrind --tool=callgrind): the runs at N = {large:,} and N = {small:,}, "
          f"their difference divided by the units between them\n")
    print(f"  {'scenario':<14} {'unit':<12} {'Tide':>8} {'bare C host':>12} {'ratio':>7}")
    for name, unit, per_n in INSTRUCTION_ROWS:
        tide = callgrind.per_unit(per_unit_of("tide", name, per_n))
        floor = callgrind.per_unit(per_unit_of("c", name, per_n)) if callgrind.has_floor(name) else None
        clear_status()
        shown = f"{floor:12,.0f} {tide / floor:6.2f}x" if floor else f"{'—':>12} {'—':>7}"
        print(f"  {name:<14} {unit:<12} {tide:8,.0f} {shown}", flush=True)
    at_100k, at_1m = callgrind.per_unit(TIMERS_AT_100K), callgrind.per_unit(TIMERS_AT_1M)
    clear_status()
    print(f"\n  timers (virtual), per timer: {at_100k:,.0f} from 10k to 100k, {at_1m:,.0f} from 100k to 1M "
          f"({at_1m / at_100k:.3f}x)", flush=True)


def instruction_goals(callgrind, wanted):
    """The goals of INSTRUCTION_GOALS whose scenarios are wanted, as (what, ratio, goal)."""
    measured = []
    for what, numerator, denominator, goal in INSTRUCTION_GOALS:
        if numerator[1] in wanted:
            measured.append((what, callgrind.per_unit(numerator) / callgrind.per_unit(denominator), goal))
    return measured
