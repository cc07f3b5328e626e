"""Where many battles are played: in this process, a local process pool (`--jobs N`) or a
Dask cluster (`--cluster ADDRESS`). The one place `balance` and `sweep` choose between them.

Whatever plays them, `run_all` returns the results in the order of the jobs, so the same
jobs give the same figures on one process, on a pool or on a cluster. Dask's `distributed`
is an optional extra (`pip install .[cluster]`), imported only when a cluster is asked for;
the workers of a cluster need the game installed too, since they import `game.play`.
"""

from __future__ import annotations

import argparse
import hashlib
import pkgutil
from collections.abc import Callable, Sequence
from multiprocessing import get_context
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

Job = TypeVar("Job")
Result = TypeVar("Result")

CONNECT_TIMEOUT_S = 10  # how long to wait for the scheduler at --cluster ADDRESS
INSTALL_HINT = "pip install '.[cluster]' (or pip install -r requirements-cluster.txt)"
EXIT_PROBLEMS = 1  # as game.cli's exit codes, which this layer cannot import
EXIT_USAGE = 2


class ExecutorError(Exception):
    """The jobs cannot be played where asked: a message for the user and the exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The `--jobs N` and `--cluster ADDRESS` options (one or the other) of a command."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--jobs", type=int, default=1, help="local processes to play the battles in (default 1)"
    )
    where.add_argument(
        "--cluster",
        metavar="ADDRESS",
        default=None,
        help="play them on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786); "
        "needs " + INSTALL_HINT,
    )


def check_arguments(args: argparse.Namespace) -> None:
    """Raise ExecutorError (a usage error) for --jobs below 1, or for --cluster without Dask
    installed or with no scheduler address."""
    if args.jobs < 1:
        raise ExecutorError("--jobs must be 1 or more.", EXIT_USAGE)
    if args.cluster is not None:
        _distributed()
        _check_address(args.cluster)


def describe(jobs: int, cluster: str | None) -> str:
    """Where the battles were played, for a report: "2 processes", "the Dask cluster at ..."."""
    if cluster is not None:
        return f"the Dask cluster at {cluster}"
    return "1 process" if jobs == 1 else f"{jobs} processes"


def run_all(
    func: Callable[[Job], Result],
    work: Sequence[Job],
    jobs: int = 1,
    cluster: str | None = None,
    progress: Callable[[int], None] | None = None,
    files: Sequence[str] = (),
) -> list[Result]:
    """`func` on every job, here, in `jobs` processes or on the Dask cluster at `cluster`;
    the results in job order. `progress(done)` is called once they start (0) and as each ends.
    `files` are the files the jobs read: every worker of a cluster must have them, byte for
    byte, at the same path (a shared folder, or the same checkout)."""
    tick = progress or (lambda done: None)
    if cluster is not None:
        return _on_cluster(func, work, cluster, tick, files)
    tick(0)
    results: list[Any] = [None] * len(work)
    if jobs > 1 and len(work) > 1:
        items = [(func, index, job) for index, job in enumerate(work)]
        with get_context("spawn").Pool(min(jobs, len(work))) as pool:
            for done, (index, result) in enumerate(pool.imap_unordered(_indexed, items), 1):
                results[index] = result
                tick(done)
    else:
        for index, job in enumerate(work):
            results[index] = func(job)
            tick(index + 1)
    return results


def _indexed(item: tuple[Callable[[Job], Result], int, Job]) -> tuple[int, Result]:
    """A pool's task: the job's index with its result (results arrive in any order)."""
    func, index, job = item
    return index, func(job)


def _distributed() -> ModuleType:
    """Dask's `distributed` module, or an ExecutorError saying how to install it."""
    try:
        import distributed
    except ImportError:
        message = f"--cluster needs Dask's distributed: {INSTALL_HINT}"
        raise ExecutorError(message, EXIT_USAGE) from None
    return distributed


def _check_address(address: str) -> None:
    """Raise ExecutorError (a usage error) when `address` is no scheduler address at all: a
    Dask client given one fails only after its connection machinery has started."""
    from distributed.comm.addressing import get_address_host_port, parse_address

    try:
        if parse_address(address)[0] != "inproc":  # in-process: a test's LocalCluster
            get_address_host_port(address)
    except ValueError as exc:
        raise ExecutorError(
            f"--cluster {address}: not a scheduler address ({exc}); give the one "
            "`dask scheduler` prints, such as tcp://HOST:8786.",
            EXIT_USAGE,
        ) from None


def _on_cluster(
    func: Callable[[Job], Result],
    work: Sequence[Job],
    address: str,
    tick: Callable[[int], None],
    files: Sequence[str],
) -> list[Result]:
    """Submit every job to the cluster at once (so every worker stays busy), then gather."""
    distributed = _distributed()
    _check_address(address)
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except Exception as exc:  # no scheduler there (OSError), a refused handshake, ...
        raise ExecutorError(
            f"--cluster {address}: cannot reach a Dask scheduler there ({exc}). Start one with "
            "`dask scheduler` and give the address it prints, such as tcp://HOST:8786."
        ) from None
    with client:
        _check_cluster(client, func, address)
        _check_files(client, files, address)
        futures = client.map(func, list(work), pure=False)
        tick(0)
        try:
            for done, _ in enumerate(distributed.as_completed(futures, loop=client.loop), 1):
                tick(done)
            results: list[Result] = client.gather(futures)
        except (ImportError, RuntimeError) as exc:
            if isinstance(exc, RuntimeError) and "deserializ" not in str(exc):
                raise  # a game error on a worker: the crash log keeps its traceback
            raise _cannot_load(address, exc) from None
        except OSError as exc:
            raise ExecutorError(f"--cluster {address}: lost the cluster ({exc}).") from None
    return results


def _check_cluster(client: Any, func: Callable[..., Any], address: str) -> None:
    """Raise ExecutorError unless a worker is there and the scheduler and every worker can
    import `func` and `file_digests`: a Dask worker that cannot unpickle a task quits, and
    the jobs would wait forever for one that can."""
    try:
        client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    except (TimeoutError, OSError):
        raise ExecutorError(
            f"--cluster {address}: no worker joined that scheduler in {CONNECT_TIMEOUT_S} s; "
            f"start some with `dask worker {address}` (with the game installed: {INSTALL_HINT})."
        ) from None
    for used in (func, file_digests):
        name = f"{used.__module__}:{used.__qualname__}"
        try:  # pkgutil.resolve_name travels by reference, so only the game's import is tried
            client.run_on_scheduler(pkgutil.resolve_name, name)
            client.run(pkgutil.resolve_name, name)
        except Exception as exc:  # ImportError, AttributeError (another version), as Dask relays
            raise _cannot_load(address, exc) from None


def _cannot_load(address: str, exc: Exception) -> ExecutorError:
    """The message for a scheduler or worker without the game (or with another version)."""
    first = str(exc).split(". ")[0].splitlines()[0]  # Dask's explanations follow
    return ExecutorError(
        f"--cluster {address}: the cluster cannot load the game ({type(exc).__name__}: "
        f"{first}); the scheduler and every worker need this version of the game "
        f"installed: {INSTALL_HINT}"
    )


def file_digests(paths: Sequence[str]) -> dict[str, str | None]:
    """Each file's SHA-256 (None when it cannot be read): run on every worker of a cluster."""
    digests: dict[str, str | None] = {}
    for path in paths:
        try:
            digests[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            digests[path] = None
    return digests


def _check_files(client: Any, files: Sequence[str], address: str) -> None:
    """Raise ExecutorError unless every worker reads the same bytes at each of `files` as
    this machine: the same seeds must give the same figures wherever they are played."""
    if not files:
        return
    here = file_digests(files)
    for worker, there in sorted(client.run(file_digests, list(files)).items()):
        for path in files:
            if there[path] is None:
                problem = "cannot read"
            elif there[path] != here[path]:
                problem = "has another version of"
            else:
                continue
            raise ExecutorError(
                f"--cluster {address}: the worker at {worker} {problem} {path}; every worker "
                "needs the maps at the same path as here, the same files (a shared folder, "
                "or the same checkout)."
            )
