#!/usr/bin/python3
"""What a call of critmin.simulate adds to the C++ run (docs/benchmarks.md, "Python package
overhead"): the six-month licensing scenario on the embedded dataset, run N times each way,
interleaved, from the build tree:

  cli      build/bin/critmin simulate S --format json --no-progress, wall time of the process
  python   critmin.simulate(S): dataset loaded by the call, as the CLI does
  loaded   critmin.simulate(S, dataset=ds): dataset loaded once beforehand

For the two Python ways, `engine` is the time spent in C++ (result.engine_seconds: reading the
scenario, loading the dataset where the call does it, the run and its report) and `overhead`
what the call adds to it (argument conversion, the hand-over to the worker thread and back, the
numpy arrays over the run's series). The JSON document and the pandas frames are made on first
use; their cost is printed apart (`.summary`, `.series`, first access).

Run: PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [N]
"""

import pathlib
import statistics
import subprocess
import sys
import time

import critmin

ROOT = pathlib.Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "scenarios" / "china-hree-licensing-6m.yaml"
CLI = ROOT / "build" / "bin" / "critmin"


def timed(call):
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def main(runs):
    dataset = critmin.load_dataset()
    cli, python, python_engine, loaded, loaded_engine = [], [], [], [], []
    summary, series = [], []
    critmin.simulate(SCENARIO, dataset=dataset)  # warm caches and imports once
    for _ in range(runs):
        seconds, _ = timed(lambda: subprocess.run(
            [CLI, "simulate", SCENARIO, "--format", "json", "--no-progress"],
            check=True, stdout=subprocess.DEVNULL))
        cli.append(seconds)
        seconds, result = timed(lambda: critmin.simulate(SCENARIO))
        python.append(seconds)
        python_engine.append(result.engine_seconds)
        seconds, result = timed(lambda: critmin.simulate(SCENARIO, dataset=dataset))
        loaded.append(seconds)
        loaded_engine.append(result.engine_seconds)
        summary.append(timed(lambda: result.summary)[0])
        series.append(timed(lambda: result.series)[0])

    med = statistics.median
    print(f"{runs} runs each, medians (ms):")
    print(f"  cli     process wall {1e3 * med(cli):8.1f}")
    for name, total, engine in [("python", python, python_engine),
                                ("loaded", loaded, loaded_engine)]:
        added = [t - e for t, e in zip(total, engine)]
        share = [a / e for a, e in zip(added, engine)]
        print(f"  {name:7} call {1e3 * med(total):8.1f}   engine {1e3 * med(engine):8.1f}   "
              f"overhead {1e3 * med(added):6.2f} ms = {100 * med(share):5.2f}% of the engine")
    print(f"  first use: .summary {1e3 * med(summary):6.2f} ms, .series {1e3 * med(series):6.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
