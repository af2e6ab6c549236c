#!/usr/bin/env python3
"""didChange -> fresh definition latency on one file, with and without incremental reparse.

Copies FILE into a temporary workspace and, for each mode (incremental, then
`--no-incremental-parse`), starts a fresh sextant on it, opens the file and times rounds of
(didChange, then definition polled until it sees the edit) for two edits:
  - end: lsp_bench.did_change_bench's edit (append a function and a call to it);
  - middle: insert a function and a call to it at a top-level line in the middle of the file.
The first round after opening parses from scratch in both modes (no tree is kept yet): it is
reported apart, the median is over the later rounds. Prints one JSON object.

    bench/did_change_latency.py build/sextant FILE.py [--rounds 20] [--eval-dir ../shared/eval]
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from lsp_bench import did_change_bench, locations, pct  # noqa: E402


def middle_bench(client, rel, rounds, timeout):
    """Insert `def fn_N()` and `x_N = fn_N()` at a top-level line near the middle; time until
    definition on the call lands on the new function."""
    client.did_open(rel)
    lines = client.read_text(rel).split("\n")
    line = next(i for i in range(len(lines) // 2, len(lines)) if lines[i].startswith(("def ", "class ")))
    version = 1
    times = []
    for r in range(rounds):
        n = 7000 + r
        add = f"def sextant_mid_{n}():\n    return {n}\n\n\nx_{n} = sextant_mid_{n}()\n\n\n"
        version += 1
        t0 = time.monotonic()
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": client.uri(rel), "version": version},
            "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                                "text": add}]})
        got = None
        while time.monotonic() - t0 < timeout:
            res, err, _ = client.request_timed("textDocument/definition", {
                "textDocument": {"uri": client.uri(rel)}, "position": {"line": line + 4, "character": len(f"x_{n} = ")}},
                timeout)
            if any(l == line for _, l in locations(res)):
                got = (time.monotonic() - t0) * 1000.0
                break
        times.append(got)
    return {"ms": times}


def summarize(ms):
    later = [t for t in ms[1:] if t is not None]
    return {"first_ms": ms[0], "median_ms": statistics.median(later) if later else None,
            "p90_ms": pct(later, 90), "min_ms": min(later) if later else None, "rounds": len(ms)}


def run(sextant, source, incremental, rounds, LspClient):
    work = tempfile.mkdtemp(prefix="sextant-dc-")
    try:
        root = os.path.join(work, "ws")
        os.makedirs(root)
        rel = os.path.basename(source)
        shutil.copy(source, os.path.join(root, rel))
        cmd = [sextant, "--log-level", "off"] + ([] if incremental else ["--no-incremental-parse"])
        out = {}
        for name in ("end", "middle"):
            client = LspClient(cmd, root, stderr_path=os.devnull).start()
            client.initialize()
            client.wait_progress_idle(timeout=120, begin_grace=1.0, quiet=0.5)
            if name == "end":
                res = did_change_bench(client, root, rel, "python", rounds, 10.0)
            else:
                res = middle_bench(client, rel, rounds, 10.0)
            client.shutdown()
            out[name] = summarize(res["ms"])
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sextant")
    ap.add_argument("file")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--eval-dir", default=os.environ.get("SEXTANT_EVAL_DIR", os.path.join(here, "..", "..", "shared", "eval")))
    a = ap.parse_args()
    sys.path.insert(0, a.eval_dir)
    from lspclient import LspClient  # noqa: E402
    with open(a.file, "rb") as f:
        n_lines = f.read().count(b"\n")
    result = {"file": a.file, "lines": n_lines,
              "incremental": run(os.path.abspath(a.sextant), a.file, True, a.rounds, LspClient),
              "from_scratch": run(os.path.abspath(a.sextant), a.file, False, a.rounds, LspClient)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
