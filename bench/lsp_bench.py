#!/usr/bin/env python3
"""LSP latency driver for bench/run: warm start, per-method latency, didChange-to-fresh-result.

Talks to any stdio language server through ../shared/eval/lspclient.py (found via --eval-dir or
$SEXTANT_EVAL_DIR). Prints one JSON object on stdout. Positions are sampled from the corpus with
a seeded regex scan (identifiers at call sites and elsewhere), so every server sees the same ones.

    lsp_bench.py --server 'build/sextant --index IDX' --root CORPUS --ext .c,.h [--mode sextant]
    lsp_bench.py --server 'pyright-langserver --stdio' --root CORPUS --ext .py --mode peer
"""
import argparse
import json
import os
import random
import re
import statistics
import sys
import time

KEYWORDS = set("""
if else for while do switch case default return break continue goto sizeof typedef struct union enum
static extern const volatile inline register auto void char short int long float double signed unsigned
class public private protected virtual template typename namespace using new delete this operator
def import from as pass lambda yield with try except finally raise global nonlocal assert del in is not
and or None True False self cls print func package var type go chan select defer range map interface
fn let mut impl trait pub mod use crate super Self match loop where dyn ref move unsafe async await
bool true false nullptr NULL define include ifdef ifndef endif elif undef pragma
""".split())

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
CALL = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*\(")
COMMENT_START = re.compile(r"^\s*(#|//|/\*|\*|--)")


def pct(values, p):
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def summary(values, nonempty=None):
    out = {"n": len(values)}
    if values:
        out.update(p50=pct(values, 50), p95=pct(values, 95), p99=pct(values, 99), max=max(values),
                   mean=statistics.fmean(values))
    if nonempty is not None:
        out["nonempty"] = nonempty
    return out


def list_files(root, exts):
    files = []
    for d, dirs, names in os.walk(root):
        dirs[:] = sorted(x for x in dirs if not x.startswith(".") and x not in ("node_modules", "__pycache__"))
        for n in sorted(names):
            if os.path.splitext(n)[1] in exts:
                p = os.path.join(d, n)
                try:
                    if os.path.getsize(p) < 1_000_000:
                        files.append(os.path.relpath(p, root))
                except OSError:
                    pass
    return files


def read_lines(root, rel):
    with open(os.path.join(root, rel), "rb") as f:
        return f.read().decode("utf-8", "replace").split("\n")


def sample_positions(root, files, n_files, seed):
    """(rel, line, utf16 col, name, is_call) for identifiers in a seeded sample of files."""
    rng = random.Random(seed)
    chosen = rng.sample(files, min(n_files, len(files)))
    calls, idents = [], []
    for rel in chosen:
        try:
            lines = read_lines(root, rel)
        except OSError:
            continue
        fc, fi = [], []
        for ln, text in enumerate(lines):
            if len(text) > 300 or COMMENT_START.match(text) or not text.isascii():
                continue
            callnames = set()
            for m in CALL.finditer(text):
                if m.group(1) not in KEYWORDS and len(m.group(1)) > 2:
                    fc.append((rel, ln, m.start(1), m.group(1), True))
                    callnames.add(m.start(1))
            for m in IDENT.finditer(text):
                if m.group(0) not in KEYWORDS and len(m.group(0)) > 2 and m.start() not in callnames:
                    # skip identifiers inside string literals (rough: odd number of quotes before)
                    before = text[:m.start()]
                    if before.count('"') % 2 or before.count("'") % 2:
                        continue
                    fi.append((rel, ln, m.start(), m.group(0), False))
        rng.shuffle(fc)
        rng.shuffle(fi)
        calls += fc[:6]
        idents += fi[:4]
    rng.shuffle(calls)
    rng.shuffle(idents)
    return calls, idents


def locations(result):
    if not result:
        return []
    if isinstance(result, dict):
        result = [result]
    out = []
    for r in result:
        uri = r.get("uri") or r.get("targetUri")
        rng = r.get("range") or r.get("targetSelectionRange") or r.get("targetRange")
        if uri and rng:
            out.append((uri, rng["start"]["line"]))
    return out


def timed(client, method, params, timeout):
    res, err, ms = client.request_timed(method, params, timeout)
    return res, err, ms


def run_queries(client, root, calls, idents, files, args, rng):
    out = {}
    opened = set()

    def ensure_open(rel):
        if args.open_files and rel not in opened:
            client.did_open(rel)
            opened.add(rel)

    # definition: half call sites, half other identifiers
    defs = (calls[: args.n_def // 2] + idents[: args.n_def - args.n_def // 2])[: args.n_def]
    lat, ok, resolving, slow = [], 0, [], []
    for rel, ln, col, name, _ in defs:
        ensure_open(rel)
        res, err, ms = timed(client, "textDocument/definition", client.text_pos(rel, ln, col), args.timeout)
        if err is None:
            lat.append(ms)
            slow.append((ms, f"{rel}:{ln + 1}:{col + 1} {name}", len(locations(res))))
            if locations(res):
                ok += 1
                resolving.append((rel, ln, col, name))
    out["definition"] = summary(lat, ok)
    out["definition"]["slowest"] = sorted(slow, reverse=True)[:5]
    if args.only_definition:
        return out, resolving
    refs = calls[args.n_def // 2: args.n_def // 2 + args.n_refs] or calls[: args.n_refs]
    lat, ok, slow = [], 0, []
    for rel, ln, col, name, _ in refs:
        ensure_open(rel)
        p = client.text_pos(rel, ln, col)
        p["context"] = {"includeDeclaration": True}
        res, err, ms = timed(client, "textDocument/references", p, args.timeout)
        if err is None:
            lat.append(ms)
            ok += bool(res)
            slow.append((ms, f"{rel}:{ln + 1}:{col + 1} {name}", len(res or [])))
    out["references"] = summary(lat, ok)
    out["references"]["slowest"] = sorted(slow, reverse=True)[:5]
    lat, ok = [], 0
    for rel in rng.sample(files, min(args.n_docsym, len(files))):
        ensure_open(rel)
        res, err, ms = timed(client, "textDocument/documentSymbol", {"textDocument": {"uri": client.uri(rel)}}, args.timeout)
        if err is None:
            lat.append(ms)
            ok += bool(res)
    out["documentSymbol"] = summary(lat, ok)
    lat, ok = [], 0
    names = sorted({c[3] for c in calls})
    for q in rng.sample(names, min(args.n_wsym, len(names))):
        res, err, ms = timed(client, "workspace/symbol", {"query": q}, args.timeout)
        if err is None:
            lat.append(ms)
            ok += bool(res)
    out["workspace/symbol"] = summary(lat, ok)
    lat_p, lat_i, ok, slow = [], [], 0, []
    for rel, ln, col, name, _ in calls[: args.n_calls]:
        ensure_open(rel)
        res, err, ms = timed(client, "textDocument/prepareCallHierarchy", client.text_pos(rel, ln, col), args.timeout)
        if err is not None:
            continue
        lat_p.append(ms)
        if res:
            res2, err2, ms2 = timed(client, "callHierarchy/incomingCalls", {"item": res[0]}, args.timeout)
            if err2 is None:
                lat_i.append(ms2)
                ok += bool(res2)
                slow.append((ms2, f"{rel}:{ln + 1}:{col + 1} {name}", len(res2 or [])))
    out["prepareCallHierarchy"] = summary(lat_p, len(lat_i))
    out["incomingCalls"] = summary(lat_i, ok)
    out["incomingCalls"]["slowest"] = sorted(slow, reverse=True)[:5]
    return out, resolving


EDITS = {  # text appended, the definition's marker, the call's marker (both formatted with n)
    "python": ("\n\ndef sextant_bench_fn_{n}():\n    return {n}\n\n\ndef sextant_bench_caller_{n}():\n"
               "    return sextant_bench_fn_{n}()\n", "def sextant_bench_fn_{n}(", "sextant_bench_fn_{n}()"),
    "c": ("\nstatic int sextant_bench_fn_{n}(void) {{ return {n}; }}\n"
          "int sextant_bench_caller_{n}(void) {{ return sextant_bench_fn_{n}(); }}\n",
          "sextant_bench_fn_{n}(void)", "sextant_bench_fn_{n}()"),
    "go": ("\nfunc sextantBenchFn{n}() int {{ return {n} }}\nfunc sextantBenchCaller{n}() int {{ return sextantBenchFn{n}() }}\n",
           "func sextantBenchFn{n}(", "return sextantBenchFn{n}()"),
    "rust": ("\nfn sextant_bench_fn_{n}() -> i32 {{ {n} }}\nfn sextant_bench_caller_{n}() -> i32 {{ sextant_bench_fn_{n}() }}\n",
             "fn sextant_bench_fn_{n}(", "{{ sextant_bench_fn_{n}()"),
}


def did_change_bench(client, root, rel, lang, rounds, timeout):
    """Append a function and a call to it with an incremental edit; time until definition on the
    call returns the new function."""
    template, def_marker, call_marker = EDITS["c" if lang == "cpp" else lang]
    client.did_open(rel)
    text = client.read_text(rel)
    times = []
    version = 1
    for r in range(rounds):
        n = 9000 + r
        add = template.format(n=n)
        lines = text.split("\n")
        start = {"line": len(lines) - 1, "character": len(lines[-1].encode("utf-16-le")) // 2}
        new_text = text + add
        new_lines = new_text.split("\n")
        dm, cm = def_marker.format(n=n), call_marker.format(n=n)
        def_line = next(i for i in range(len(lines) - 1, len(new_lines)) if dm in new_lines[i])
        call_line = next(i for i in range(def_line + 1, len(new_lines)) if cm in new_lines[i])
        name = "sextantBenchFn" if lang == "go" else "sextant_bench_fn_"
        call_col = len(new_lines[call_line][:new_lines[call_line].index(cm)].encode("utf-16-le")) // 2
        call_col += cm.index(name)  # the name itself, past any "return " or "{ " in the marker
        version += 1
        t0 = time.monotonic()
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": client.uri(rel), "version": version},
            "contentChanges": [{"range": {"start": start, "end": start}, "text": add}]})
        text = new_text
        got = None
        while time.monotonic() - t0 < timeout:
            res, err, _ = client.request_timed("textDocument/definition", {
                "textDocument": {"uri": client.uri(rel)}, "position": {"line": call_line, "character": call_col}}, timeout)
            if any(line == def_line for _, line in locations(res)):
                got = (time.monotonic() - t0) * 1000.0
                break
        times.append(got)
    ok = [t for t in times if t is not None]
    return {"file": rel, "lines": len(client.read_text(rel).split("\n")), "rounds": rounds,
            "ms": times, "median_ms": statistics.median(ok) if ok else None}


def pick_big_file(root, files, target=5000):
    best, best_d = None, None
    for rel in files:
        try:
            with open(os.path.join(root, rel), "rb") as f:
                n = f.read().count(b"\n")
        except OSError:
            continue
        d = abs(n - target)
        if best is None or d < best_d:
            best, best_d = rel, d
    return best


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--ext", required=True, help="comma-separated extensions to sample from")
    ap.add_argument("--lang", default="c", help="python|c|cpp|go|rust (didChange template)")
    ap.add_argument("--eval-dir", default=os.environ.get("SEXTANT_EVAL_DIR", ""))
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--n-files", type=int, default=60)
    ap.add_argument("--n-def", type=int, default=200)
    ap.add_argument("--n-refs", type=int, default=100)
    ap.add_argument("--n-docsym", type=int, default=50)
    ap.add_argument("--n-wsym", type=int, default=50)
    ap.add_argument("--n-calls", type=int, default=50)
    ap.add_argument("--warm-runs", type=int, default=3)
    ap.add_argument("--change-rounds", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--index-timeout", type=float, default=600.0)
    ap.add_argument("--begin-grace", type=float, default=1.0)
    ap.add_argument("--quiet", type=float, default=1.0)
    ap.add_argument("--open-files", action="store_true", help="didOpen each file before asking (peers need it)")
    ap.add_argument("--only-definition", action="store_true")
    ap.add_argument("--no-change", action="store_true", help="skip the didChange measurement")
    ap.add_argument("--no-warm", action="store_true")
    ap.add_argument("--prime", default="", help="file to didOpen first (clangd finds its compile db from it)")
    a = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    eval_dir = a.eval_dir or os.path.join(here, "..", "..", "shared", "eval")
    sys.path.insert(0, eval_dir)
    from lspclient import LspClient  # noqa: E402

    root = os.path.realpath(a.root)
    exts = {e if e.startswith(".") else "." + e for e in a.ext.split(",")}
    files = list_files(root, exts)
    calls, idents = sample_positions(root, files, a.n_files, a.seed)
    rng = random.Random(a.seed + 1)
    result = {"server": a.server, "root": root, "files_sampled_from": len(files)}

    # Session 1: start, wait for indexing to settle, then latency per method and didChange.
    c = LspClient(a.server, root, stderr_path=os.devnull).start()
    t0 = time.monotonic()
    c.initialize()
    result["initialize_ms"] = (time.monotonic() - t0) * 1000.0
    if a.prime:
        c.did_open(a.prime)
    waited = c.wait_progress_idle(timeout=a.index_timeout, begin_grace=a.begin_grace, quiet=a.quiet)
    result["ready_s"] = time.monotonic() - t0
    result["progress_waited_s"] = waited
    result["progress_last"] = [list(p) for p in c.progress_log[-3:]]
    result["index_timed_out"] = bool(c.progress_active)
    qs, resolving = run_queries(c, root, calls, idents, files, a, rng)
    result["latency"] = qs
    if not a.no_change:
        big = pick_big_file(root, files)
        if big:
            result["did_change"] = did_change_bench(c, root, big, a.lang, a.change_rounds, 10.0)
    c.shutdown()

    # Warm start: fresh process on the persisted index, spawn -> first definition answered.
    if not a.no_warm and resolving:
        rel, ln, col, name = resolving[0]
        runs = []
        for _ in range(a.warm_runs):
            t0 = time.monotonic()
            c = LspClient(a.server, root, stderr_path=os.devnull).start()
            c.initialize()
            if a.open_files:
                c.did_open(rel)
            got = None
            while time.monotonic() - t0 < a.timeout:
                res, err, _ = c.request_timed("textDocument/definition", c.text_pos(rel, ln, col), a.timeout)
                if locations(res):
                    got = (time.monotonic() - t0) * 1000.0
                    break
                time.sleep(0.005)
            runs.append(got)
            c.shutdown()
        ok = [r for r in runs if r is not None]
        result["warm_start"] = {"query": f"{rel}:{ln + 1}:{col + 1} {name}", "ms": runs,
                                "median_ms": statistics.median(ok) if ok else None}
    json.dump(result, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
