"""Long runs from Python: the GIL is released while the engine works, and Ctrl-C (SIGINT, as a
notebook's interrupt button sends it) stops a run cleanly with KeyboardInterrupt."""

import os
import signal
import threading
import time

import pytest

import critmin
from conftest import cli_json

CATALOGUE = "scenarios/stress-rare-earths.yaml"


def test_other_python_threads_run_during_a_run(source):
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    started = time.perf_counter()
    critmin.stress(source / CATALOGUE, samples=200, seed=3, threads=1)
    seconds = time.perf_counter() - started
    done.set()
    counter.join()
    # With the GIL held the counter could not tick at all until the run ended.
    assert len(ticks) > 0.2 * seconds / 0.001 * 0.1


def test_ctrl_c_stops_a_run_with_keyboard_interrupt(source):
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.perf_counter()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        critmin.stress(source / CATALOGUE, samples=2_000_000, seed=3, threads=2)
    timer.join()
    # A full run would take many minutes; the run stopped after its current chunk.
    assert time.perf_counter() - started < 60
    # The module is usable afterwards, and Python's own Ctrl-C handler is back in place.
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    assert critmin.mfa_stock([1.0, 2.0, 3.0], lifetime="fixed:2").shape[0] == 3


def test_a_thread_count_holds_for_its_call_only(source):
    one = critmin.stress(source / CATALOGUE, samples=16, seed=3, threads=1)
    default = critmin.stress(source / CATALOGUE, samples=16, seed=3)
    assert one.info["timing"]["threads"] == 1
    cli = cli_json("stress", source / CATALOGUE, "--samples", 16, "--seed", 3, "--no-progress")
    assert default.info["timing"]["threads"] == cli["timing"]["threads"]
