#!/usr/bin/env python3
"""bench/run's engine: prepares corpora, measures Sextant and its peers, renders BENCHMARKS.md.

Results go to $BENCH_WORK/results/CORPUS.json (one file per corpus, replaced when that corpus is
run again), so `bench/run --corpus go` refreshes only Go's rows; the tables are rendered from every
result file present. See BENCHMARKS.md for the commands and what each column means.
"""
import argparse
import datetime
import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TOOLS = os.path.join(HERE, ".tools", "node_modules")

# name: (source, how to get it, languages for ctags, extensions sampled by the LSP driver, didChange template)
CORPORA = {
    "python": dict(src="/usr/lib/python3.11", origin="Debian libpython3.11-stdlib: /usr/lib/python3.11",
                   ctags="Python", ext=".py", lang="python", gtags=False),
    "kernel": dict(src="@linux/kernel", origin="Debian linux-source-6.1: kernel/", ctags="C,C++",
                   ext=".c,.h", lang="c", gtags=True, clangd=True),
    "leveldb": dict(src=os.path.join(TOOLS, "leveldown/deps/leveldb"), origin="npm leveldown@6.1.1: deps/leveldb",
                    ctags="C,C++", ext=".cc,.h", lang="cpp", gtags=True),
    "boost": dict(src="/usr/include/boost", origin="Debian libboost1.74-dev: /usr/include/boost", ctags="C,C++",
                  ext=".hpp,.h,.ipp", lang="cpp", gtags=True),
    "go": dict(src="/usr/share/go-1.19/src", origin="Debian golang-1.19-src: /usr/share/go-1.19/src", ctags="Go",
               ext=".go", lang="go", gtags=False),
    "rust": dict(src="/usr/src/rustc-1.63.0/library", origin="Debian rust-src 1.63: /usr/src/rustc-1.63.0/library",
                 ctags="Rust", ext=".rs", lang="rust", gtags=False),
    "linux-full": dict(src="@linux", origin="Debian linux-source-6.1: the whole tree", ctags="C,C++", ext=".c,.h",
                       lang="c", gtags=True, explicit=True, parse_only=False),  # kernel/ gives the parse ratio
    "smoke": dict(src=os.path.join(REPO, "tests/fixtures/workspace"), origin="tests/fixtures/workspace",
                  ctags="C,C++,Python", ext=".c,.h,.cpp,.hpp,.py", lang="c", gtags=False),
}
DEFAULT_ORDER = ["python", "kernel", "leveldb", "go", "rust", "boost"]


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def sh(cmd, cwd=None, timeout=None, env=None):
    """Run under /usr/bin/time -v; returns dict(wall, rss_mb, rc, out)."""
    t0 = time.monotonic()
    timed = ["/usr/bin/time", "-v"] + cmd if os.path.exists("/usr/bin/time") else cmd
    try:
        p = subprocess.run(timed, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return dict(wall=time.monotonic() - t0, rss_mb=None, rc="timeout", out="", err="")
    wall = time.monotonic() - t0
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    u = re.search(r"User time \(seconds\): ([\d.]+)", p.stderr)
    s = re.search(r"System time \(seconds\): ([\d.]+)", p.stderr)
    cpu = float(u.group(1)) + float(s.group(1)) if u and s else None
    return dict(wall=wall, rss_mb=int(m.group(1)) / 1024 if m else None, rc=p.returncode, out=p.stdout, err=p.stderr,
                cpu=cpu)


def du_mb(path):
    total = 0
    for d, _, names in os.walk(path):
        for n in names:
            try:
                total += os.lstat(os.path.join(d, n)).st_blocks * 512
            except OSError:
                pass
    return total / 1e6


def file_mb(path):
    return os.path.getsize(path) / 1e6 if os.path.exists(path) else None


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = os.path.abspath(a.work)
        self.corpora_dir = os.path.join(self.work, "corpora")
        self.results_dir = os.path.join(self.work, "results-smoke" if a.smoke else "results")
        os.makedirs(self.corpora_dir, exist_ok=True)
        os.makedirs(self.results_dir, exist_ok=True)
        self.bin = os.path.join(self.work, "bin-smoke" if a.smoke else "bin")
        self.eval_dir = os.path.abspath(a.eval_dir)

    # ------------------------------------------------------------------ setup
    def snapshot_binaries(self):
        """Copy the binaries so a concurrent rebuild of the build folder cannot swap them mid-run."""
        os.makedirs(self.bin, exist_ok=True)
        build = os.path.abspath(self.a.build)
        out = {}
        for name, rel in (("sextant", "sextant"), ("bench_extract", "bench/bench_extract")):
            src = os.path.join(build, rel)
            if os.path.exists(src):
                dst = os.path.join(self.bin, name)
                shutil.copy2(src, dst + ".tmp")
                os.replace(dst + ".tmp", dst)
                with open(dst, "rb") as f:
                    out[name] = hashlib.sha256(f.read()).hexdigest()[:12]
        head = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                               text=True).stdout.strip()
        out["commit"] = head + ("+dirty" if dirty else "")
        self.binaries = out
        return out

    def prepare(self, name):
        spec = CORPORA[name]
        src = spec["src"]
        if src.startswith("@linux"):
            tree = os.path.join(self.corpora_dir, "linux-source-6.1")
            if not os.path.isdir(tree):
                tarball = "/usr/src/linux-source-6.1.tar.xz"
                if not os.path.exists(tarball):
                    raise SystemExit(f"bench: {tarball} missing: run bench/setup")
                log(f"extracting {tarball}")
                subprocess.run(["tar", "xJf", tarball, "-C", self.corpora_dir], check=True)
            # Debian's packaging appends "/*" and "!/debian/" to the top-level .gitignore ("ignore
            # everything at the top level"), which makes a gitignore-honouring indexer see no file at
            # all. Drop that block so the tree is the upstream one.
            gi = os.path.join(tree, ".gitignore")
            with open(gi) as fh:
                lines = fh.read().split("\n")
            if "/*" in lines:
                cut = next((i for i, l in enumerate(lines) if l.startswith("# Debian packaging")), lines.index("/*"))
                while cut > 0 and lines[cut - 1].strip() in ("#", ""):
                    cut -= 1
                with open(gi, "w") as fh:
                    fh.write("\n".join(lines[:cut]) + "\n")
                log("removed Debian's top-level '/*' block from linux-source-6.1/.gitignore")
            return tree + src[len("@linux"):]
        dst = os.path.join(self.corpora_dir, name)
        if not os.path.isdir(src):
            raise SystemExit(f"bench: corpus {name}: {src} missing: run bench/setup")
        if not os.path.isdir(dst):
            # A private copy: the re-check edits a file, and peers write caches into the root.
            log(f"copying {src} -> {dst}")
            subprocess.run(["cp", "-a", src, dst + ".tmp"], check=True)
            os.replace(dst + ".tmp", dst)
        return dst

    # ----------------------------------------------------------------- sextant
    def check(self, root, index, store, extra=()):
        cmd = [os.path.join(self.bin, "sextant"), "--check", root, "--index", index, "--store", store, "--format",
               "json", "--fail-on", "never", "-q", *extra]
        la = loadavg()
        r = sh(cmd, timeout=self.a.check_timeout)
        summ = {}
        if r["rc"] == 0:
            try:
                summ = json.loads(r["out"])["summary"]
            except (ValueError, KeyError):
                pass
        else:
            log(f"sextant --check failed rc={r['rc']}: {r['err'][-500:]}")
        return dict(wall=r["wall"], rss_mb=r["rss_mb"], rc=r["rc"], load=la, cpu=r["cpu"],
                    seconds=summ.get("seconds"), files=summ.get("files"), reindexed=summ.get("reindexed"),
                    writes=summ.get("writes"), symbols=summ.get("symbols"), references=summ.get("references"),
                    by_language=summ.get("filesByLanguage"))

    def parse_only(self, root):
        exe = os.path.join(self.bin, "bench_extract")
        if not os.path.exists(exe):
            return None
        la = loadavg()
        r = sh([exe, root], timeout=self.a.check_timeout)
        rows = []
        for line in r["out"].splitlines():
            m = re.match(r"(\S+)\s+(\d+)\s+([\d.]+) \|\s+(\d+)\s+([\d.]+) \|\s+(\d+)\s+([\d.]+) \|\s+(\d+)%\s+(\d+)", line)
            if m:
                rows.append(dict(language=m.group(1), files=int(m.group(2)), mb=float(m.group(3)),
                                 parse_mbps=float(m.group(5)), extract_mbps=float(m.group(7))))
        if not rows:
            return None
        mb = sum(x["mb"] for x in rows)
        parse_s = sum(x["mb"] / x["parse_mbps"] for x in rows if x["parse_mbps"])
        extract_s = sum(x["mb"] / x["extract_mbps"] for x in rows if x["extract_mbps"])
        files = sum(x["files"] for x in rows)
        # CPU seconds of the parse loop alone: the process's CPU time split in proportion to the
        # timed parse and extract loops (file reading is small next to them).
        parse_cpu = r["cpu"] * parse_s / (parse_s + extract_s) if r["cpu"] and extract_s else None
        return dict(rows=rows, files=files, mb=mb, parse_s=parse_s, parse_cpu=parse_cpu, cpu=r["cpu"], parse_mbps=mb / parse_s if parse_s else None,
                    extract_mbps=mb / extract_s if extract_s else None, load=la, wall=r["wall"])

    def one_file(self, root, spec):
        """A mid-sized file of the corpus's main language: the one-file-change re-check edits it."""
        exts = tuple(spec["ext"].split(","))
        best = None
        for d, dirs, names in os.walk(root):
            dirs[:] = sorted(x for x in dirs if not x.startswith("."))
            for n in sorted(names):
                if n.endswith(exts):
                    p = os.path.join(d, n)
                    s = os.path.getsize(p)
                    if best is None or abs(s - 20000) < abs(best[1] - 20000):
                        best = (p, s)
        return best[0] if best else None

    def measure_sextant(self, name, root, spec, store, corpus_mb):
        idx = os.path.join(self.work, "index", f"{name}-{store}")
        res = {"store": store}
        colds = []
        reps = 1 if self.a.smoke else 3
        for i in range(reps):
            shutil.rmtree(idx, ignore_errors=True)
            log(f"{name}/{store}: cold index run {i + 1}")
            colds.append(self.check(root, idx, store))
            if colds[-1]["wall"] > self.a.repeat_below:
                break
        cold = sorted(colds, key=lambda c: c["wall"])[len(colds) // 2]
        cold["runs"] = [round(c["wall"], 3) for c in colds]
        cold["rss_max_mb"] = max((c["rss_mb"] or 0) for c in colds)
        cold["cpu_runs"] = [c["cpu"] for c in colds]
        res["cold"] = cold
        res["index_mb"] = du_mb(idx)
        if corpus_mb and cold["wall"]:
            res["cold"]["mbps"] = corpus_mb / cold["wall"]
            res["cold"]["files_per_s"] = (cold["files"] or 0) / cold["wall"]
        nc = [self.check(root, idx, store) for _ in range(3)]
        res["nochange"] = dict(median=statistics.median(x["wall"] for x in nc), runs=[round(x["wall"], 3) for x in nc],
                               reindexed=nc[-1]["reindexed"], writes=nc[-1]["writes"], load=nc[0]["load"],
                               rss_mb=max((x["rss_mb"] or 0) for x in nc))
        target = self.one_file(root, spec)
        if target:
            with open(target, "rb") as f:
                original = f.read()
            st = os.stat(target)
            runs = []
            try:
                for i in range(3):
                    with open(target, "wb") as f:
                        f.write(original + EDIT_TEXT[spec["lang"]].format(n=i).encode())
                    runs.append(self.check(root, idx, store))
            finally:
                with open(target, "wb") as f:
                    f.write(original)
                os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
            self.check(root, idx, store)  # index back in step with the disk
            res["onefile"] = dict(median=statistics.median(x["wall"] for x in runs), runs=[round(x["wall"], 3) for x in runs],
                                  reindexed=runs[-1]["reindexed"], writes=runs[-1]["writes"], load=runs[0]["load"],
                                  file=os.path.relpath(target, root), kb=len(original) / 1e3)
        # Link every pending file once, as the server does after indexing: timed, so that index
        # plus link is one figure, and the latency below is that of a linked index.
        log(f"{name}/{store}: link")
        link = self.check(root, idx, store, extra=("--link",))
        res["link"] = dict(wall=link["wall"], rss_mb=link["rss_mb"], rc=link["rc"], load=link["load"])
        if not self.a.no_lsp:
            la = loadavg()
            n = self.a.samples
            cmd = [sys.executable, os.path.join(HERE, "lsp_bench.py"), "--server",
                   f"{shlex.quote(os.path.join(self.bin, 'sextant'))} --index {shlex.quote(idx)} --log-level off",
                   "--root", root, "--ext", spec["ext"], "--lang", spec["lang"], "--eval-dir", self.eval_dir,
                   "--n-def", str(n), "--n-refs", str(n // 2), "--n-docsym", str(n // 4), "--n-wsym", str(n // 4),
                   "--n-calls", str(n // 4)]
            log(f"{name}/{store}: LSP latency")
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=self.a.lsp_timeout)
            try:
                res["lsp"] = json.loads(p.stdout)
                res["lsp"]["load"] = la
            except ValueError:
                log(f"lsp_bench failed: {p.stderr[-800:]}")
                res["lsp"] = {"error": p.stderr[-300:]}
            res["lsp_cmd"] = " ".join(shlex.quote(c) for c in cmd[1:])
        return res

    # ------------------------------------------------------------------ peers
    def peers(self, name, root, spec):
        out = {}
        tmp = os.path.join(self.work, "peers", name)
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        if shutil.which("ctags"):
            for label, extra in (("ctags", []), ("ctags +r", ["--extras=+r"])):
                tags = os.path.join(tmp, "tags" + ("-r" if extra else ""))
                la = loadavg()
                log(f"{name}: {label}")
                r = sh(["ctags", "-R", "-f", tags, f"--languages={spec['ctags']}", *extra, "."], cwd=root,
                       timeout=self.a.peer_timeout)
                lines = sum(1 for _ in open(tags, "rb")) if os.path.exists(tags) else None
                out[label] = dict(wall=r["wall"], cpu=r["cpu"], rss_mb=r["rss_mb"], rc=r["rc"], load=la, out_mb=file_mb(tags), tags=lines,
                                  cmd=f"ctags -R -f TAGS --languages={spec['ctags']} {' '.join(extra)} .".replace("  ", " "))
        if spec.get("gtags") and shutil.which("gtags"):
            db = os.path.join(tmp, "gtags")
            os.makedirs(db)
            la = loadavg()
            log(f"{name}: gtags")
            r = sh(["gtags", "--skip-unreadable", db], cwd=root, timeout=self.a.peer_timeout)
            out["gtags"] = dict(wall=r["wall"], cpu=r["cpu"], rss_mb=r["rss_mb"], rc=r["rc"], load=la, out_mb=du_mb(db),
                                cmd="gtags --skip-unreadable DBDIR")
        if not self.a.no_slow_peers and spec.get("clangd") and shutil.which(self.a.clangd):
            out["clangd"] = self.clangd(name, root, spec)
        if not self.a.no_slow_peers and spec["lang"] == "python":
            out["pyright"] = self.pyright(root, spec)
        return out

    def clangd(self, name, root, spec):
        linux = os.path.dirname(root)
        comp = os.path.join(root, "compile_commands.json")
        incs = ["include", "arch/x86/include", "arch/x86/include/uapi", "include/uapi", "arch/x86/include/generated",
                "arch/x86/include/generated/uapi", "include/generated/uapi"]
        args = [sys.executable, os.path.join(self.eval_dir, "gen_compdb.py"), "--root", root, "--glob", "**/*.c",
                "--std", "gnu11", "-D", "__KERNEL__"] + sum((["-I", os.path.join(linux, d)] for d in incs), [])
        subprocess.run(args, check=True, capture_output=True)
        with open(comp) as f:
            tus = len(json.load(f))
        shutil.rmtree(os.path.join(root, ".cache"), ignore_errors=True)
        first_c = sorted(glob.glob(os.path.join(root, "*.c")))[0]
        cmd = [sys.executable, os.path.join(HERE, "lsp_bench.py"), "--server",
               f"{self.a.clangd} --background-index -j=2 --limit-references=0 --limit-results=0",
               "--root", root, "--ext", ".c", "--lang", "c", "--eval-dir", self.eval_dir, "--open-files",
               "--only-definition", "--no-change", "--n-def", "30", "--n-files", "10", "--warm-runs", "1",
               "--prime", os.path.relpath(first_c, root), "--begin-grace", "10", "--quiet", "5",
               "--index-timeout", str(self.a.clangd_timeout), "--timeout", "60"]
        la = loadavg()
        log(f"{name}: clangd background index of {tus} TUs (timeout {self.a.clangd_timeout}s)")
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=self.a.clangd_timeout + 600)
            r = json.loads(p.stdout)
        except (ValueError, subprocess.TimeoutExpired) as e:
            r = {"error": str(e)[-300:]}
        finally:
            os.remove(comp)
        r["tus"] = tus
        r["load"] = la
        r["index_mb"] = du_mb(os.path.join(root, ".cache"))
        shutil.rmtree(os.path.join(root, ".cache"), ignore_errors=True)
        r["cmd"] = f"{self.a.clangd} --background-index -j=2 (compile_commands.json: gen_compdb.py, {tus} TUs, -std=gnu11 -D__KERNEL__, x86 -I)"
        return r

    def pyright(self, root, spec):
        bin_ = os.path.join(TOOLS, ".bin")
        if not os.path.exists(os.path.join(bin_, "pyright")):
            return {"error": "pyright not installed (bench/setup)"}
        out = {}
        la = loadavg()
        log("python: pyright CLI (full analysis)")
        r = sh([os.path.join(bin_, "pyright"), "--outputjson", "."], cwd=root, timeout=self.a.peer_timeout)
        out["cli"] = dict(wall=r["wall"], cpu=r["cpu"], rss_mb=r["rss_mb"], rc=r["rc"], load=la)
        try:
            out["cli"]["files"] = json.loads(r["out"])["summary"]["filesAnalyzed"]
        except (ValueError, KeyError):
            pass
        cmd = [sys.executable, os.path.join(HERE, "lsp_bench.py"), "--server",
               f"{os.path.join(bin_, 'pyright-langserver')} --stdio", "--root", root, "--ext", ".py", "--lang", "python",
               "--eval-dir", self.eval_dir, "--open-files", "--only-definition", "--no-change",
               "--n-def", str(self.a.samples), "--warm-runs", "3", "--begin-grace", "0", "--timeout", "60"]
        log("python: pyright LSP")
        la = loadavg()
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        try:
            out["lsp"] = json.loads(p.stdout)
            out["lsp"]["load"] = la
        except ValueError:
            out["lsp"] = {"error": p.stderr[-300:]}
        out["cmd"] = "pyright --outputjson . ; pyright-langserver --stdio (same positions as Sextant)"
        return out

    # -------------------------------------------------------------------- run
    def run_corpus(self, name):
        spec = CORPORA[name]
        root = self.prepare(name)
        log(f"corpus {name}: {root}")
        res = dict(name=name, origin=spec["origin"], root=root, date=datetime.datetime.now().isoformat(timespec="minutes"),
                   binaries=self.binaries, machine=machine())
        res["parse_only"] = self.parse_only(root) if spec.get("parse_only", True) else None
        corpus_mb = res["parse_only"]["mb"] if res["parse_only"] else corpus_bytes(root, spec) / 1e6
        res["corpus_mb"] = corpus_mb
        stores = ["lmdb"] if self.a.smoke else self.a.stores.split(",")
        res["sextant"] = [self.measure_sextant(name, root, spec, s, corpus_mb) for s in stores]
        res["peers"] = {} if self.a.no_peers else self.peers(name, root, spec)
        path = os.path.join(self.results_dir, name + ".json")
        if os.path.exists(path):  # peers skipped this time keep their last figures (with their date)
            with open(path) as fh:
                old = json.load(fh)
            for k, v in (old.get("peers") or {}).items():
                if k not in res["peers"]:
                    v.setdefault("date", old.get("date"))
                    res["peers"][k] = v
        with open(path + ".tmp", "w") as f:
            json.dump(res, f, indent=1)
        os.replace(path + ".tmp", path)
        log(f"corpus {name}: done -> {path}")
        return res


EDIT_TEXT = {
    "python": "\n\ndef sextant_bench_edit_{n}():\n    return {n}\n",
    "c": "\nint sextant_bench_edit_{n}(void) {{ return {n}; }}\n",
    "cpp": "\nint sextant_bench_edit_{n}() {{ return {n}; }}\n",
    "go": "\nfunc sextantBenchEdit{n}() int {{ return {n} }}\n",
    "rust": "\nfn sextant_bench_edit_{n}() -> i32 {{ {n} }}\n",
}


def corpus_bytes(root, spec):
    exts = tuple(spec["ext"].split(","))
    total = 0
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        total += sum(os.path.getsize(os.path.join(d, n)) for n in names if n.endswith(exts))
    return total


def machine():
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return dict(nproc=os.cpu_count(), mem_gib=round(mem, 1), cpu=cpu)


def main():
    ap = argparse.ArgumentParser(prog="bench/run")
    ap.add_argument("--smoke", action="store_true", help="tiny corpus, no peers, no BENCHMARKS.md rewrite")
    ap.add_argument("--corpus", action="append", help=f"one of {', '.join(CORPORA)} (repeatable; default: {' '.join(DEFAULT_ORDER)})")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--no-slow-peers", action="store_true", help="skip clangd and pyright")
    ap.add_argument("--no-lsp", action="store_true")
    ap.add_argument("--render-only", action="store_true", help="rewrite BENCHMARKS.md from the stored results")
    ap.add_argument("--stores", default="lmdb,sqlite")
    ap.add_argument("--samples", type=int, default=200, help="definition samples per LSP run (others: /2, /4)")
    ap.add_argument("--work", default=os.environ.get("BENCH_WORK", "/var/tmp/sextant-bench"))
    ap.add_argument("--build", default=os.environ.get("SEXTANT_BUILD", os.path.join(REPO, "build")))
    ap.add_argument("--eval-dir", default=os.environ.get("SEXTANT_EVAL_DIR", os.path.join(REPO, "..", "shared", "eval")))
    ap.add_argument("--clangd", default="clangd-14")
    ap.add_argument("--clangd-timeout", type=float, default=600)
    ap.add_argument("--peer-timeout", type=float, default=1800)
    ap.add_argument("--check-timeout", type=float, default=3600)
    ap.add_argument("--lsp-timeout", type=float, default=3600)
    ap.add_argument("--repeat-below", type=float, default=20.0, help="repeat cold runs (median of 3) when shorter")
    ap.add_argument("--markdown", default=os.path.join(REPO, "BENCHMARKS.md"))
    a = ap.parse_args()
    b = Bench(a)
    import render  # noqa: E402  (bench/render.py)
    if not a.render_only:
        b.snapshot_binaries()
        if not os.path.exists(os.path.join(b.bin, "sextant")):
            raise SystemExit(f"bench: no sextant binary under {a.build}")
        names = ["smoke"] if a.smoke else (a.corpus or DEFAULT_ORDER)
        for n in names:
            if n not in CORPORA:
                raise SystemExit(f"bench: unknown corpus {n}; known: {', '.join(CORPORA)}")
        if a.smoke:
            a.samples = min(a.samples, 20)
            a.no_peers = True
        for n in names:
            b.run_corpus(n)
    results = []
    for path in sorted(glob.glob(os.path.join(b.results_dir, "*.json"))):
        with open(path) as f:
            results.append(json.load(f))
    order = DEFAULT_ORDER + ["linux-full", "smoke"]
    results.sort(key=lambda r: order.index(r["name"]) if r["name"] in order else 99)
    text = render.render(results)
    if a.smoke:
        print(text)
        ok = all(s["cold"]["rc"] == 0 and s["cold"]["files"] for r in results for s in r["sextant"])
        lsp_ok = a.no_lsp or all(s.get("lsp", {}).get("latency", {}).get("definition", {}).get("n") for r in results
                                 for s in r["sextant"])
        print("bench smoke: " + ("ok" if ok and lsp_ok else "FAILED"))
        sys.exit(0 if ok and lsp_ok else 1)
    render.rewrite(a.markdown, text)
    log(f"rewrote {a.markdown}")


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
