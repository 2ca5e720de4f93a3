"""Fuzz the parsers, the OPML reader, the extractor, the embed finder, the sanitiser and the APIs.

Each target gets ``--inputs`` inputs: first every hostile fragment of _fuzz_inputs.py once in a
seed, then inputs drawn by hypothesis: seeds from ../shared/fixtures mutated (byte flips,
truncation, splices, hostile fragments) and generated documents. Every input runs in a worker
process under a watchdog: once the worker has spent ``--time-limit`` seconds of CPU on an input
(or ten times that in wall time), the parent kills it, records a hang and starts a new one. A
failure is any exception but the target's documented typed error, a hang, a worker that dies, an input that leaves the worker's peak RSS
above ``--max-rss-mib`` (checked after every input, the worker then restarted), or one whose
traced Python allocations peak above ``--max-mib`` (tracemalloc, on for one input in
``--trace-every``: it slows Python code 3-6x, so traced inputs are left out of the timings).
The worker's address space is capped (``--max-vm-mib``) so a bomb cannot take the machine.

Per target it prints inputs run (mutated / generated / distinct), refusals (the typed error),
failures, the slowest input (wall and CPU time), the peak traced memory of one input and the
worker's peak RSS (the kernel's VmHWM; getrusage where /proc is missing). The ratio line
compares the fuzzed inputs' mean time with the unmodified seeds' mean, both timed in the same
worker in the same run. Failing inputs (and each target's slowest) are written to ``--crashes``
so they can be replayed: ``--replay FILE --only TARGET``.

Usage:
  python benchmarks/fuzz.py [--inputs 10000] [--only rss,api] [--seed 0] [--time-limit 10]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
import traceback
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
for entry in (str(ROOT / "benchmarks"), str(ROOT), str(ROOT / "src")):
    if entry not in sys.path:
        sys.path.insert(0, entry)

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tests.support.shared import FIXTURES  # noqa: E402

import _fuzz_inputs as inputs  # noqa: E402
from _fuzz_targets import TARGETS, Target, hostile_inputs  # noqa: E402

MiB = 1024 * 1024


@dataclass
class Failure:
    """One failing input: what went wrong, where, and the file holding the input."""

    kind: str  # "exception", "hang", "died", "memory", "unclear message"
    detail: str
    where: str
    path: str = ""

    @property
    def signature(self) -> str:
        return f"{self.kind} {self.detail.split(':', 1)[0]} at {self.where}"


class Result(NamedTuple):
    """What one input did in the worker."""

    outcome: str  # "ok", "refused" (the typed error) or a Failure kind
    detail: str
    where: str
    ms: float  # wall time, as the watchdog sees it
    cpu_ms: float  # the worker's CPU time for it (-1 when it was killed)
    peak: int  # traced bytes, -1 when it ran untraced


@dataclass
class Report:
    """What one target's run found."""

    name: str
    seeds: int = 0
    seed_ms: list[float] = field(default_factory=list)
    mutated: int = 0
    generated: int = 0
    refused: int = 0
    distinct: set[str] = field(default_factory=set)
    fuzz_ms: list[float] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    slowest_ms: float = 0.0
    slowest_cpu_ms: float = 0.0
    slowest_input: bytes = b""
    peak_traced: int = 0
    peak_rss_kib: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    @property
    def inputs(self) -> int:
        return self.mutated + self.generated


def _innermost(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/broadsheet/" in f.filename] or frames
    frame = ours[-1] if ours else None
    return f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"


def _classify(exc: BaseException, allowed: type[BaseException] | None) -> tuple[str, str, str]:
    detail = f"{type(exc).__name__}: {str(exc)[:300]}"
    if allowed is not None and isinstance(exc, allowed):
        message = str(exc).strip()
        return ("refused", "", "") if message else ("unclear message", detail, _innermost(exc))
    return "exception", detail, _innermost(exc)


def _allowed(dotted: str) -> type[BaseException] | None:
    if not dotted:
        return None
    module, _, name = dotted.rpartition(".")
    error: type[BaseException] = getattr(__import__(module, fromlist=[name]), name)
    return error


def _serve(conn: Any, name: str, max_vm_mib: int) -> None:
    """Worker loop: set the target up, then run each input received and send what happened."""
    if max_vm_mib:
        limit = max_vm_mib * MiB
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    target = TARGETS[name]
    call = target.setup()
    allowed = _allowed(target.allowed)
    conn.send(("ready",))
    while True:
        data, traced = conn.recv()
        if traced:
            tracemalloc.start()
        start, cpu = time.perf_counter(), time.process_time()
        outcome: tuple[str, str, str] = ("ok", "", "")
        try:
            call(data)
        except BaseException as exc:  # a failure to report, whatever it is
            outcome = _classify(exc, allowed)
        elapsed = (time.perf_counter() - start) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
        peak = -1
        if traced:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        conn.send((*outcome, elapsed, cpu_ms, peak, _peak_rss_kib(), time.process_time()))


def _peak_rss_kib() -> int:
    """Return this process's peak RSS in KiB.

    getrusage's ru_maxrss survives exec on Linux, so a spawned worker would report its parent's
    peak: the kernel's VmHWM of this process is read instead where /proc has it.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


_WALL_FACTOR = 10  # a worker gets ten times its CPU limit in wall time before it is a hang


def _cpu_seconds(pid: int) -> float:
    """Return the CPU time process ``pid`` has used (user + system), or -1 where /proc lacks it."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return -1.0


class Worker:
    """A worker process for one target, restarted after a hang or a death."""

    def __init__(self, name: str, max_vm_mib: int) -> None:
        self.name, self.max_vm_mib = name, max_vm_mib
        self.process: Any = None
        self.conn: Any = None
        self.rss_kib = 0
        self.cpu_s = self.spent_cpu_s = 0.0  # the worker's CPU (those killed before included)
        self._start()

    def _start(self) -> None:
        context = mp.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, self.name, self.max_vm_mib), daemon=True
        )
        self.process.start()
        child.close()
        try:
            ready = self.conn.poll(300) and self.conn.recv() == ("ready",)
        except EOFError:
            ready = False
        if not ready:
            raise RuntimeError(f"the {self.name} fuzz worker did not start (see its error above)")

    def run(
        self, data: bytes, limit_s: float, traced: bool = False, max_rss_mib: int = 0
    ) -> Result:
        """Return what happened to one input (traced peak -1 when it ran untraced)."""
        start = time.perf_counter()
        try:
            self.conn.send((data, traced))
            cpu_start, spent = _cpu_seconds(self.process.pid), 0.0
            while not self.conn.poll(min(1.0, limit_s)):
                # on a busy machine wall time says little: a hang is the worker's CPU time
                wall = time.perf_counter() - start
                spent = _cpu_seconds(self.process.pid) - cpu_start if cpu_start >= 0 else wall
                if spent >= limit_s or wall >= limit_s * _WALL_FACTOR:
                    break
            else:
                outcome, detail, where, ms, cpu_ms, peak, rss, cpu_s = self.conn.recv()
                self.rss_kib = max(self.rss_kib, rss)
                self.cpu_s = self.spent_cpu_s + cpu_s
                if not max_rss_mib or rss <= max_rss_mib * 1024:
                    return Result(outcome, detail, where, ms, cpu_ms, peak)
                self.close()
                self._start()
                detail = f"worker peak RSS {rss / 1024:.0f} MiB"
                return Result("memory", detail, "", ms, cpu_ms, peak)
            wall = time.perf_counter() - start
            kind, detail = "hang", f"no answer after {spent:.1f} s of CPU ({wall:.0f} s wall)"
        except (EOFError, OSError, BrokenPipeError):
            self.process.join(5)
            kind, detail = "died", f"worker exited with code {self.process.exitcode}"
        self.close()
        self._start()
        return Result(kind, detail, "", (time.perf_counter() - start) * 1000, -1.0, -1)

    def close(self) -> None:
        self.spent_cpu_s = self.cpu_s
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


@dataclass(frozen=True)
class Options:
    """Bounds of one run."""

    inputs: int = 10_000
    seed: int = 0
    time_limit: float = 10.0
    max_mib: int = 256
    max_vm_mib: int = 4096
    max_rss_mib: int = 1024
    trace_every: int = 10
    max_seeds: int = 40
    crashes: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "broadsheet-fuzz")


def _strategy(target: Target, seeds: list[bytes]) -> st.SearchStrategy[tuple[str, bytes]]:
    mutants = target.frame(seeds) if target.frame else inputs.mutated(seeds)
    return st.one_of(
        mutants.map(lambda data: ("mutated", data)),
        target.structures().map(lambda data: ("generated", data)),
    )


def _record(report: Report, data: bytes, result: Result, opts: Options) -> None:
    outcome, detail, where, ms, cpu_ms, peak = result
    if peak < 0:  # untraced: its time counts
        report.fuzz_ms.append(ms)
        if ms > report.slowest_ms:
            report.slowest_ms, report.slowest_cpu_ms, report.slowest_input = ms, cpu_ms, data
    report.peak_traced = max(report.peak_traced, peak)
    if outcome == "refused":
        report.refused += 1
    elif outcome != "ok":
        report.failures.append(Failure(outcome, detail, where))
    if peak > opts.max_mib * MiB:
        report.failures.append(Failure("memory", f"{peak / MiB:.0f} MiB traced", "", ""))
    if report.failures and not report.failures[-1].path:
        digest = hashlib.sha1(data).hexdigest()[:12]
        path = opts.crashes / f"{report.name}-{digest}.bin"
        opts.crashes.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        report.failures[-1].path = str(path)


def fuzz_target(name: str, opts: Options, fixtures: Path = FIXTURES) -> Report:
    """Run one target's seeds, then ``opts.inputs`` fuzzed inputs; return what happened."""
    target = TARGETS[name]
    seeds = target.seeds(fixtures, opts.max_seeds)
    if not seeds:
        raise FileNotFoundError(f"no seeds for {name} under {fixtures}")
    report = Report(name, seeds=len(seeds))
    started = time.perf_counter()
    worker = Worker(name, opts.max_vm_mib)
    try:
        base = Report(name)
        for n, data in enumerate(seeds + seeds):  # traced, then timed: the baseline
            run = worker.run(data, opts.time_limit, n < len(seeds), opts.max_rss_mib)
            _record(base, data, run, opts)
        report.seed_ms, report.failures = base.fuzz_ms, base.failures
        report.peak_traced = base.peak_traced
        fixed = hostile_inputs(target, seeds)[: opts.inputs]
        for data in fixed:  # every hostile fragment at least once, whatever hypothesis draws
            report.mutated += 1
            report.distinct.add(hashlib.sha1(data).hexdigest())
            _record(report, data, worker.run(data, opts.time_limit, False, opts.max_rss_mib), opts)

        @settings(
            max_examples=max(1, opts.inputs - len(fixed)),
            database=None,
            deadline=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @seed(opts.seed)
        @given(_strategy(target, seeds))
        def drive(item: tuple[str, bytes]) -> None:
            kind, data = item
            setattr(report, kind, getattr(report, kind) + 1)
            report.distinct.add(hashlib.sha1(data).hexdigest())
            traced = opts.trace_every > 0 and report.inputs % opts.trace_every == 0
            _record(report, data, worker.run(data, opts.time_limit, traced, opts.max_rss_mib), opts)
            if report.inputs % 1000 == 0:
                print(
                    f"  {name}: {report.inputs} inputs, {len(report.failures)} failures, "
                    f"{time.perf_counter() - started:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )

        drive()
    finally:
        worker.close()
    report.peak_rss_kib, report.cpu_seconds = worker.rss_kib, worker.cpu_s
    report.seconds = time.perf_counter() - started
    opts.crashes.mkdir(parents=True, exist_ok=True)
    (opts.crashes / f"{name}-slowest.bin").write_bytes(report.slowest_input)
    return report


def describe(report: Report) -> list[str]:
    """Return the report's printed lines: counts, slowest, memory, ratio, distinct failures."""
    seed_mean = statistics.fmean(report.seed_ms) if report.seed_ms else 0.0
    fuzz_mean = statistics.fmean(report.fuzz_ms) if report.fuzz_ms else 0.0
    seed_median = statistics.median(report.seed_ms) if report.seed_ms else 0.0
    lines = [
        f"{report.name:<10} inputs {report.inputs:>6} (mutated {report.mutated}, generated "
        f"{report.generated}, distinct {len(report.distinct)}; {report.seeds} seeds)  "
        f"refused {report.refused}  failures {len(report.failures)}  "
        f"slowest {report.slowest_ms:.0f} ms ({report.slowest_cpu_ms:.0f} ms CPU)  "
        f"peak traced {report.peak_traced / MiB:.1f} MiB  "
        f"peak RSS {report.peak_rss_kib / 1024:.0f} MiB  {report.seconds:.0f} s "
        f"({report.cpu_seconds:.0f} s CPU)",
        f"{'':<10} ratio fuzzed/seed mean time x{fuzz_mean / seed_mean if seed_mean else 0:.2f} "
        f"({fuzz_mean:.2f} / {seed_mean:.2f} ms); slowest/seed median "
        f"x{report.slowest_ms / seed_median if seed_median else 0:.1f}; slowest input "
        f"{len(report.slowest_input):,} bytes: {report.slowest_input[:60]!r}",
    ]
    seen: dict[str, Failure] = {}
    for failure in report.failures:
        seen.setdefault(failure.signature, failure)
    for signature, failure in seen.items():
        count = sum(f.signature == signature for f in report.failures)
        lines.append(
            f"{'':<10} FAIL x{count} {failure.detail[:160]} at {failure.where} ({failure.path})"
        )
    return lines


def _replay(path: Path, names: list[str]) -> None:
    data = path.read_bytes()
    for name in names:
        target = TARGETS[name]
        allowed = _allowed(target.allowed)
        call = target.setup()
        try:
            call(data)
            print(f"{name}: ok")
        except BaseException as exc:
            if allowed and isinstance(exc, allowed):
                print(f"{name}: refused: {exc}")
            else:
                traceback.print_exc()


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--inputs", type=int, default=10_000, help="fuzzed inputs per target")
    args.add_argument("--only", default=",".join(TARGETS), help="comma-separated targets")
    args.add_argument("--seed", type=int, default=0)
    args.add_argument("--time-limit", type=float, default=10.0, help="CPU seconds per input")
    args.add_argument("--max-mib", type=int, default=256, help="traced MiB one input may peak at")
    args.add_argument("--max-vm-mib", type=int, default=4096, help="worker address space cap")
    args.add_argument("--max-rss-mib", type=int, default=1024, help="worker peak RSS bound")
    args.add_argument("--trace-every", type=int, default=10, help="tracemalloc 1 input in N")
    args.add_argument("--max-seeds", type=int, default=40, help="seed files per target")
    args.add_argument("--crashes", type=Path, default=Options().crashes)
    args.add_argument("--replay", type=Path, help="run one saved input through --only")
    opts = args.parse_args()
    names = [n for n in opts.only.split(",") if n]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        args.error(f"unknown target(s) {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    if opts.replay:
        _replay(opts.replay, names)
        return 0
    if not FIXTURES.exists():
        print(f"needs {FIXTURES} (the shared fixtures beside the repository)", file=sys.stderr)
        return 2
    run = Options(
        opts.inputs,
        opts.seed,
        opts.time_limit,
        opts.max_mib,
        opts.max_vm_mib,
        opts.max_rss_mib,
        opts.trace_every,
        opts.max_seeds,
        opts.crashes,
    )
    started, failed = time.perf_counter(), 0
    for name in names:
        report = fuzz_target(name, run)
        failed += len(report.failures)
        print("\n".join(describe(report)), flush=True)
    print(f"total {time.perf_counter() - started:.0f} s, {failed} failures")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
