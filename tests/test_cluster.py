"""`--cluster ADDRESS`: battles played on a Dask cluster give the figures of a local process
pool for the same seeds; a missing `distributed`, a malformed or unreachable address are
messages, never tracebacks.

Dask's `distributed` is in requirements-dev.txt: without it these tests fail, not skip.
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator

import distributed
import pytest

from game import cli
from game.core.paths import MAPS_DIR
from game.play import executors

TRAINING = str(MAPS_DIR / "training.tmx")  # the smallest shipped map: about 0.3 s a battle
QUICK = (TRAINING, "--games", "3", "--turn-limit", "3", "--json")


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    """A two-worker Dask cluster on this machine (worker processes, as on real machines)."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield cluster.scheduler_address


def _main(capsys, *argv: str) -> tuple[int, str, str]:
    """Run the command line in this process: the exit code, stdout and stderr."""
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in err, err
    return code, out, err


def _free_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_balance_on_a_cluster_gives_the_figures_of_two_processes(capsys, cluster_address):
    code, out, err = _main(capsys, "balance", *QUICK, "--cluster", cluster_address)
    assert code == 0, err
    on_cluster = json.loads(out)
    assert "3/3 games" in err and f"on the Dask cluster at {cluster_address}" in err
    code, out, err = _main(capsys, "balance", *QUICK, "--jobs", "2")
    assert code == 0, err
    assert "Wall time:" in err and "on 2 processes" in err
    assert json.loads(out) == on_cluster  # the wall time is no part of the JSON figures
    assert on_cluster["seeds"] == [1, 2, 3] and on_cluster["games"] == 3


def test_run_all_keeps_the_job_order_on_a_cluster(cluster_address):
    done: list[int] = []
    work = [-5, 3, -1, 0, 7]
    assert executors.run_all(abs, work, cluster=cluster_address, progress=done.append) == [
        5,
        3,
        1,
        0,
        7,
    ]
    assert done == [0, 1, 2, 3, 4, 5]


def test_without_distributed_cluster_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    code, _, err = _main(capsys, "balance", *QUICK, "--cluster", "tcp://127.0.0.1:8786")
    assert code == cli.EXIT_USAGE
    assert "--cluster needs Dask's distributed" in err and "pip install" in err
    assert "[cluster]" in err


def test_a_malformed_address_is_a_usage_error(capsys):
    for address in ("nonsense", "foo://host:1", "host:port"):
        code, _, err = _main(capsys, "balance", *QUICK, "--cluster", address)
        assert code == cli.EXIT_USAGE
        assert f"--cluster {address}: not a scheduler address" in err
        assert "tcp://HOST:8786" in err


def test_no_scheduler_at_the_address_is_a_message(capsys, monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT_S", 1)
    address = f"tcp://127.0.0.1:{_free_port()}"
    code, out, err = _main(capsys, "balance", *QUICK, "--cluster", address)
    assert code == cli.EXIT_PROBLEMS and out == ""
    assert f"--cluster {address}: cannot reach a Dask scheduler there" in err
    assert "dask scheduler" in err


def test_jobs_and_cluster_are_one_or_the_other(capsys):
    code, _, err = _main(capsys, "balance", *QUICK, "--jobs", "2", "--cluster", "tcp://h:1")
    assert code == cli.EXIT_USAGE and "not allowed with argument" in err
    code, _, err = _main(capsys, "balance", *QUICK, "--jobs", "0")
    assert code == cli.EXIT_USAGE and "--jobs must be 1 or more" in err


def test_the_readable_report_ends_with_the_wall_time(capsys):
    code, out, _ = _main(capsys, "balance", TRAINING, "--games", "2", "--turn-limit", "2")
    assert code == 0
    last = out.splitlines()[-1]
    assert last.startswith("Wall time: ") and last.endswith(" s for 2 games on 1 process")


def test_a_sweep_on_a_cluster_gives_the_table_of_two_processes(capsys, cluster_address):
    sweep = ("sweep", TRAINING, "--turn-limit", "2", "3", "--games", "2", "--json")
    code, out, err = _main(capsys, *sweep, "--cluster", cluster_address)
    assert code == 0, err
    on_cluster = json.loads(out)
    assert "4/4 games" in err and "on the Dask cluster" in err
    code, out, err = _main(capsys, *sweep, "--jobs", "2")
    assert code == 0, err
    assert json.loads(out) == on_cluster
    assert [row["turn_limit"] for row in on_cluster["rows"]] == [2, 3]


def _not_on_the_workers(job: int) -> int:
    return job


_not_on_the_workers.__module__ = "game.play.no_such_module"  # as a worker with another version


def test_a_cluster_without_the_game_is_a_message_not_a_hang(cluster_address):
    with pytest.raises(executors.ExecutorError, match="the cluster cannot load the game") as info:
        executors.run_all(_not_on_the_workers, [1, 2], cluster=cluster_address)
    assert "No module named 'game.play.no_such_module'" in info.value.message
    assert "the scheduler and every worker need this version of the game" in info.value.message


def test_a_map_the_workers_cannot_read_is_a_message(cluster_address, tmp_path):
    missing = str(tmp_path / "elsewhere.tmx")
    with pytest.raises(executors.ExecutorError, match="cannot read") as info:
        executors.run_all(abs, [1], cluster=cluster_address, files=[missing])
    assert missing in info.value.message and "same path" in info.value.message
    shipped = [TRAINING]
    assert executors.run_all(abs, [-1], cluster=cluster_address, files=shipped) == [1]


def test_a_scheduler_without_workers_is_a_message(monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT_S", 1)
    with (
        distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty,
        pytest.raises(executors.ExecutorError, match="no worker joined") as info,
    ):
        executors.run_all(abs, [1], cluster=empty.scheduler_address)
    assert "dask worker" in info.value.message
