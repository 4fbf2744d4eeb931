"""A fresh clone's check on two cores: a forked child loads and checks the last files.

On a fresh clone (the store holds no parse pack) every SOP file is read,
parsed, validated and checked in one process while the second core idles.
Where processes are forked (Linux), with two usable CPUs of which one is idle
(the load average), 100 files or more and no thread but ours, a child is
forked before any SOP is parsed: by `sop check` before it hashes the files
(`start_early`), else by the loader (`sop generate`, `sop build`, the plugin:
`Project.load_and_check`). The files are split once, by size: the parent
keeps the front of the loader's list, the child takes the back (`CHILD_SHARE`
of the bytes). The child parses its files and sends their parse-cache entries
as it goes (every `CHUNK` files), validates them and runs the rules about one
SOP on them (which see that SOP and the registries only), then sends their
check-cache entries: exactly what a warm run would read from the store for
those files. The parent offers them to its caches (`KeyedPack.offer`) just
before it reaches the child's files (the loader's last; `run_checks` checks
the child's SOPs last), so its run of those files is a warm run's: validate
the values read back (the cross-SOP rules and the summary need the models),
decode the results. The caches' own tests hold a warm run's output to a cold
one's, byte for byte; the parent saves both packs as usual.

Each entry table is appended, as JSON, to a temporary file made before the
fork, and announced by a line on a pipe (`p|c UPTO OFFSET SIZE`). Whatever
fails on the child's side (it dies, is killed, raises, says something else,
or stays silent for `WAIT_LIMIT` seconds) stops the hand-over: the lookups of
the files not handed over miss, and the parent parses and checks them
itself, with the same result. An entry of the wrong shape is a miss too (the
packs verify every value they decode).

`SOP_TWO_CORES` forces the choice: `off` never forks, `on` forks wherever it
is safe (any number of files, any load), unset or `auto` decides as above.
The parent always reaps the child, so its CPU is counted with the command's.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from generator.keyedpack import KeyedPack

# Below this many SOP files the fork and the hand-over cost more than they save
# (cold check, medians of 7 at load ~1, wall without / with the child: 25 files
# 0.29 / 0.30 s, 50: 0.34 / 0.34 s, 75: 0.36 / 0.33 s, 100: 0.39 / 0.37 s; 500:
# 0.96 / 0.74 s of 5; the child costs 0.04-0.07 s of CPU at these sizes).
FORK_FROM = 100
# The child's part of the bytes. The child also encodes what it hands over and
# starts before the files are hashed; the parent decodes and validates the
# child's values and does all the rest (cross-SOP rules, output, saving the
# packs). Measured at load ~1.2, 1,000 SOPs, medians of 5 (two rounds): 0.40 ->
# 1.47 / 1.41 s, 0.45 -> 1.23 / 1.42 s, 0.50 -> 1.22 / 1.34 s, 0.55 -> 1.19 /
# 1.42 s, 0.60 -> 1.47 s (second round only).
CHILD_SHARE = 0.5
ENV = "SOP_TWO_CORES"
CHUNK = 32  # parse entries per message: the parent takes them as they come
WAIT_LIMIT = 60.0  # seconds without a word from the child: it is given up

Reader = Callable[..., bytes]


def wanted_mode() -> str:
    """`on`, `off` or `auto`, from the environment (anything else is `auto`)."""
    value = os.environ.get(ENV, "auto").strip().lower()
    return value if value in ("on", "off") else "auto"


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def may_fork() -> bool:
    """Forking is available and safe: Linux (macOS and Windows start processes by
    spawning, which would import everything again), and no thread but ours."""
    return sys.platform == "linux" and hasattr(os, "fork") and not foreign_threads()


def foreign_threads() -> list[str]:
    """The names of the threads running beside this one that a fork is not safe beside.

    The chart engine's render-budget watchdog is not one: it holds no lock the
    child needs (as `site.forkmap` judges it); the engine module is only looked
    up, never imported here.
    """
    engine = sys.modules.get("generator.flowchart.engine")
    safe = getattr(engine, "WATCHDOG_THREAD", None)
    return [
        thread.name
        for thread in threading.enumerate()
        if thread is not threading.current_thread() and thread.name != safe
    ]


def idle_core(cpus: int) -> bool:
    """Whether a core is idle: the last minute's load average leaves one (as `make -l`),
    or fewer tasks than cores are runnable right now, this one included (Linux).

    On a busy machine the child only competes with the parent and costs CPU
    (measured: no gain in wall at load 4 on 2 cores, 0.3 s more CPU). But the
    average trails by a minute: a command run again right after a run that kept
    both cores busy (a cold `sop generate`: 8 s) found it near 2 on an idle
    machine, and checked on one core."""
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):  # no load average here: assume a quiet machine
        return True
    if load < cpus:
        return True
    running = runnable_now()
    return running is not None and running < cpus


def runnable_now() -> int | None:
    """The tasks runnable at this moment, this one included (`/proc/loadavg`'s fourth
    field); None where it cannot be read."""
    try:
        with open("/proc/loadavg", encoding="ascii") as file:
            return int(file.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return None


def may_pay(mode: str) -> bool:
    """Whether a child may pay at all, before the files are counted (`pays`)."""
    if mode == "off" or not may_fork():
        return False
    if mode == "on":
        return True
    cpus = usable_cpus()
    return cpus >= 2 and idle_core(cpus)


def pays(count: int, mode: str) -> bool:
    """Whether a cold load of `count` SOP files starts a child (`mode`: `wanted_mode`)."""
    return may_pay(mode) and (mode == "on" or count >= FORK_FROM)


def split(sizes: list[int]) -> int:
    """The index of the child's first file (of files of `sizes` bytes): the child
    takes the back `CHILD_SHARE` of the bytes; `len(sizes)` leaves it nothing."""
    parent_bytes = sum(sizes) * (1 - CHILD_SHARE)
    done = 0
    for index, size in enumerate(sizes):
        if done >= parent_bytes:
            return index
        done += size
    return len(sizes)


class TwoCores:
    """One run's helper: give it to `load_repository`, then to `run_checks`, then `finish`.

    It forks at most once: by `start_early` (`sop check`, when the store holds no
    parse pack) or by `start` (the loader, when its parse cache is empty).
    `wanted` says which SOP files the rules will run on (the child checks only those).
    """

    def __init__(self, root: Path, wanted: Callable[[str], bool] | None = None):
        self.root = root
        self._wanted = wanted
        self._theirs: dict[str, int] = {}  # the child's files (shown paths), in its order
        self._pid = 0
        self._pipe = -1
        self._file: IO[bytes] | None = None
        self._buffer = b""
        self._parsed = 0  # the child's files before this one are parsed and offered
        self._checked = False  # the child's check entries were offered
        self.received = [0, 0]  # parse and check entries received (for tests)
        self._tried = False

    @property
    def started(self) -> bool:
        """Whether a child was forked (whatever became of it)."""
        return self._pid != 0

    def theirs(self, shown: str) -> bool:
        """Whether the child took the SOP file shown as `shown`."""
        return shown in self._theirs

    # ---- the parent ------------------------------------------------------------------

    def start_early(self) -> None:
        """Fork now, when it pays, before the caller hashes the files: the child lists
        and reads the SOP files itself (the loader then only wraps its parse)."""
        if not may_pay(wanted_mode()):  # before listing the files: no cost when it does not
            self._tried = True
            return
        from generator.filesnapshot import FileSnapshot
        from generator.loader import sop_files
        from generator.problems import display_path

        paths = sop_files(self.root)
        self.start(paths, [display_path(path) for path in paths], FileSnapshot().read_bytes_within)

    def start(self, paths: list[Path], shown: list[str], reader: Reader) -> None:
        """Fork the child for the back of `paths` (shown as `shown`) when it pays
        (tried once: a second call does nothing).

        `reader` reads the files (a run's `FileSnapshot`: the fork shares what it read).
        """
        if self._tried:
            return
        self._tried = True
        if not pays(len(paths), wanted_mode()):
            return
        try:
            sizes = [os.stat(path).st_size for path in paths]
        except OSError:
            return
        first = split(sizes)
        if first >= len(paths):
            return
        theirs = {name: index for index, name in enumerate(shown[first:])}
        import tempfile  # here: a warm run (most runs) never needs it

        try:
            file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `finish`
            read_end, write_end = os.pipe()
        except OSError:
            return
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            file.close()
            return
        if pid == 0:  # the child: never returns
            os.close(read_end)
            _child_main(_Sender(file, write_end, list(theirs)), self.root, self._wanted, reader)
        os.close(write_end)  # only the child writes: its end closing is the parent's EOF
        self._pid, self._theirs, self._file, self._pipe = pid, theirs, file, read_end

    def offer_parsed(self, shown: str, pack: KeyedPack) -> None:
        """Before the parent parses `shown`: if it is the child's, the child's parse
        entries up to it (waiting for them)."""
        index = self._theirs.get(shown)
        while index is not None and self._parsed <= index and self._pipe >= 0:
            message = self._receive("p")
            if message is None:
                return
            upto, entries = message
            pack.offer(entries)
            self.received[0] += len(entries)
            self._parsed = upto

    def offer_checked(self, shown: str, pack: KeyedPack) -> None:
        """Before the parent checks `shown`: if it is the child's, the child's check
        entries (waiting for them, once)."""
        if self._checked or shown not in self._theirs or self._pipe < 0:
            return
        self._checked = True
        if self._parsed < len(self._theirs):  # the parse entries were never asked for
            while self._pipe >= 0 and self._parsed < len(self._theirs):
                message = self._receive("p")
                self._parsed = message[0] if message else len(self._theirs)
        message = self._receive("c")
        if message is not None:
            pack.offer(message[1])
            self.received[1] += len(message[1])

    def _receive(self, kind: str) -> tuple[int, dict[str, Any]] | None:
        """The next message, of `kind`; None (and the child is stopped) on anything else:
        the end of the pipe, silence, another kind, a size that does not match, no table."""
        line = self._line()
        try:
            found, upto, offset, size = line.split(b" ")
            assert self._file is not None
            payload = os.pread(self._file.fileno(), int(size), int(offset))
            entries = json.loads(payload) if len(payload) == int(size) else None
            if found == kind.encode("ascii") and isinstance(entries, dict):
                return int(upto), entries
        except (ValueError, OSError, RecursionError):
            pass
        self.finish()  # a child that broke its protocol (or died) is not heard again
        return None

    def _line(self) -> bytes:
        """The next line from the child; b"" at its end or after `WAIT_LIMIT` seconds."""
        import select

        while b"\n" not in self._buffer:
            try:
                ready, _, _ = select.select([self._pipe], [], [], WAIT_LIMIT)
                chunk = os.read(self._pipe, 4096) if ready else b""
            except (OSError, ValueError):
                chunk = b""
            if not chunk:
                return b""
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def finish(self) -> None:
        """Stop listening; end the child if it still runs, and reap it."""
        if self._pipe >= 0:
            os.close(self._pipe)
            self._pipe = -1
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._pid > 0:
            _end(self._pid)
            self._pid = -1  # started, and reaped


def _end(pid: int) -> None:
    """Reap the child: it ends by itself once it has sent everything; anything left
    to do is no longer wanted (killing a finished child does nothing)."""
    import signal

    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)


# ---- the child -----------------------------------------------------------------------


class _Sender:
    """The child's side of the hand-over: entry tables appended to a temporary file,
    each announced by a line on the pipe (`p|c UPTO OFFSET SIZE`)."""

    def __init__(self, file: IO[bytes], pipe: int, theirs: list[str]):
        self.file = file
        self.pipe = pipe
        self.theirs = theirs
        self.index = {name: index for index, name in enumerate(theirs)}
        self.offset = 0

    def send(self, kind: str, upto: int, entries: dict[str, Any]) -> None:
        """Write one message: `entries` (JSON) to the file, then its place on the pipe."""
        payload = json.dumps(entries, separators=(",", ":"), check_circular=False).encode()
        self.file.write(payload)
        self.file.flush()
        line = f"{kind} {upto} {self.offset} {len(payload)}\n".encode("ascii")
        self.offset += len(payload)
        os.write(self.pipe, line)


def _child_main(
    sender: _Sender, root: Path, wanted: Callable[[str], bool] | None, reader: Reader
) -> None:
    """Do the child's work and exit, whatever happens (never back into the caller)."""
    from generator.gcpause import gc_paused

    code = 1
    try:
        with gc_paused():  # as the loader: millions of objects that all stay alive
            child_work(sender, root, wanted, reader)
        code = 0
    finally:  # whatever was raised: the child ends here, never in the parent's code
        os._exit(code)


def child_work(
    sender: _Sender, root: Path, wanted: Callable[[str], bool] | None, reader: Reader
) -> None:
    """Load and check the child's files; send both entry tables (see the module)."""
    from generator import storecodec
    from generator.check import sop_results_for
    from generator.check.cache import CheckCache, encode_result
    from generator.loader import load_files
    from generator.parsecache import ParseCache
    from generator.yamlsource import content_digest, parse_yaml_bytes

    parsed: dict[str, Any] = {}

    def parse(raw: bytes, shown: str) -> tuple[Any, list]:
        doc, problems = parse_yaml_bytes(raw, shown)
        if doc is not None and not problems:  # as `ParseCache.parse` keeps them
            parsed[content_digest(raw).hex()] = ParseCache.entry(doc.data)
        if len(parsed) >= CHUNK:  # the parent may be waiting for these already
            sender.send("p", sender.index.get(shown, -1) + 1, parsed)
            parsed.clear()
        return doc, problems

    repository = load_files(root, parse, sender.theirs, reader)
    sender.send("p", len(sender.theirs), parsed)
    checked: dict[str, Any] = {}
    if repository is not None:
        entries = [e for e in repository.sops if wanted is None or wanted(e.path)]
        for entry, result in zip(entries, sop_results_for(entries, repository), strict=True):
            key = CheckCache.key(entry, repository)
            try:
                if key is not None:
                    checked[key] = encode_result(result)
            except storecodec.CodecError:  # as `KeyedPack.put`: not kept, the parent checks it
                pass
    sender.send("c", len(sender.theirs), checked)
