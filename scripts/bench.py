#!/usr/bin/env python3
"""Whole-run benchmark: `workplan run` on 1,000 to 1,000,000 generated activities (xlsx and
csv), wall time and peak memory, against the analyst's Python pipeline on the same files.

    python3 scripts/bench.py                          # every size, both kinds, Python where it can
    python3 scripts/bench.py --sizes 1000,10000 --kinds xlsx
    python3 scripts/bench.py --python-limit 0         # workplan only
    python3 scripts/bench.py --table                  # print the results of earlier runs

What it does, in order:
  1. builds the release binary (cargo build --release);
  2. writes data/workplan_<N>.xlsx and .csv with `examples/generate.rs` (built with the
     `synth` feature, which the benchmarked binary does not carry; the files are kept
     between runs: the generator is deterministic);
  3. times `workplan run` on each file under /usr/bin/time -v (wall clock, user and
     system CPU, peak RSS):
     the whole run (canonical outputs, CSV and PDF reports), and, when the binary has
     `--no-pdf`, the run without PDFs;
  4. times ../shared/anchors/python_ref.py on the same file (a venv with its
     requirements.txt is made under the work folder), stopped after --python-limit
     seconds: `e2e` against our whole run, `no_pdf` against our run without PDFs. A
     Python mode that was stopped at one size is not tried at larger ones.
A command that takes under a minute runs three times and the median is kept; a longer one
runs once. Before each run the output folder is removed and the disk synced. The load average is recorded with each measurement (other jobs slow both
sides alike, but say so). Results are appended to <work>/results.jsonl and printed as a
Markdown table with the ratio Python / workplan.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def measure(cmd, limit, log, cwd=None):
    """Runs cmd under /usr/bin/time -v (and timeout when limit > 0)."""
    full = ["/usr/bin/time", "-v"] + (["timeout", str(limit)] if limit else []) + cmd
    before = load()
    p = subprocess.run(full, capture_output=True, text=True, cwd=cwd)
    with open(log, "w") as f:
        f.write(" ".join(cmd) + "\n" + p.stdout + p.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", p.stderr)
    h, m, s = wall.groups()
    secs = int(h or 0) * 3600 + int(m) * 60 + float(s)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr).group(1))
    rc = int(re.search(r"Exit status: (\d+)", p.stderr).group(1))
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", p.stderr).group(1))
    sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", p.stderr).group(1))
    pages = re.search(r"reports\s+\d+\s+files \((\d+) PDF pages", p.stderr)
    return {"wall_s": round(secs, 2), "cpu_s": round(user + sys_, 2), "user_s": round(user, 2),
            "sys_s": round(sys_, 2), "rss_mb": round(rss / 1024, 1),
            "rc": rc, "timed_out": rc == 124, "load": round(max(before, load()), 2),
            "pages": int(pages.group(1)) if pages else None}


def outputs(d):
    n = size = 0
    for root, _, files in os.walk(d):
        for f in files:
            if f == "timings.json" or f.startswith("."):
                continue
            n += 1
            size += os.path.getsize(os.path.join(root, f))
    return n, size


def timed(name, cmd, limit, work, out_dir, cwd=None):
    """Median of 3 runs under a minute, else one run."""
    results = []
    for i in range(3):
        if out_dir:
            shutil.rmtree(out_dir, ignore_errors=True)
        # Each run starts with the disk quiet: the gigabytes the run before wrote (and
        # the folder just removed) are flushed first, not while this one is timed.
        os.sync()
        r = measure(cmd, limit, os.path.join(work, "logs", f"{name}_{i}.log"), cwd)
        r["files"], r["bytes"] = outputs(out_dir) if out_dir and os.path.isdir(out_dir) else (0, 0)
        results.append(r)
        print(f"  {name:28s} run {i}: {r['wall_s']:8.2f} s wall {r['cpu_s']:8.2f} s cpu "
              f"({r['user_s']:.2f} user, {r['sys_s']:.2f} system) "
              f"{r['rss_mb']:8.1f} MB rc={r['rc']} load={r['load']}", flush=True)
        if r["wall_s"] >= 60 or r["rc"] not in (0, 1):
            break
    walls = [r["wall_s"] for r in results]
    med = results[walls.index(statistics.median_low(walls))]
    return {**med, "walls": walls, "runs": len(results)}


def generator():
    """The synthetic workplan generator (examples/generate.rs), built on first use."""
    subprocess.run(["cargo", "build", "--release", "--quiet", "--features", "synth",
                    "--example", "generate"], cwd=ROOT, check=True)
    return os.path.join(ROOT, "target", "release", "examples", "generate")


def ensure_venv(work, anchors):
    venv = os.path.join(work, "venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "-r", os.path.join(anchors, "requirements.txt")],
                       check=True)
    return py


def print_table(path):
    def wall(m):
        if not m:
            return "–"
        if m["timed_out"]:
            return f"> {m['wall_s']:.0f} (stopped)"
        return f"{m['wall_s']:.2f}" + ("" if m["rc"] in (0, 1) else f" (exit {m['rc']})")

    def cpu(m):
        # The split is recorded since the ninth round; system time is what varies most
        # from one run to the next on a virtual machine (fresh pages).
        if "user_s" not in m:
            return f"{m['cpu_s']:.2f}"
        return f"{m['user_s']:.2f} / {m['sys_s']:.2f}"

    print("| N | input | run | workplan wall s | workplan CPU s (user / system) | workplan peak MB | "
          "PDF pages | Python wall s | Python peak MB | Python / workplan | load |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for line in open(path):
        r = json.loads(line)
        w, p = r["workplan"], r.get("python")
        ratio = "–"
        if p and w["rc"] in (0, 1):
            ratio = f"{'> ' if p['timed_out'] else ''}{p['wall_s'] / w['wall_s']:.1f}x"
        pages = w.get("pages")
        loads = " / ".join(f"{m['load']:.1f}" for m in (w, p) if m)
        print(f"| {r['n']:,} | {r['kind']} | {r['what']} | {wall(w)} | {cpu(w)} | {w['rss_mb']:.0f} | "
              f"{pages if pages is not None else '–'} | {wall(p)} | "
              f"{p['rss_mb']:.0f} | {ratio} | {loads} |" if p else
              f"| {r['n']:,} | {r['kind']} | {r['what']} | {wall(w)} | {cpu(w)} | {w['rss_mb']:.0f} | "
              f"{pages if pages is not None else '–'} | – | – | – | {loads} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000,1000000")
    ap.add_argument("--kinds", default="xlsx,csv")
    ap.add_argument("--work", default=os.path.join(ROOT, "target", "bench-run"),
                    help="folder for inputs, outputs, logs, the venv and results.jsonl")
    ap.add_argument("--anchors", default=os.path.join(ROOT, "..", "shared", "anchors"),
                    help="folder holding python_ref.py and requirements.txt")
    ap.add_argument("--python-limit", type=int, default=600,
                    help="stop a Python run after this many seconds; 0 skips Python")
    ap.add_argument("--python-modes", default="e2e,no_pdf")
    ap.add_argument("--table", action="store_true", help="print <work>/results.jsonl and stop")
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    os.makedirs(os.path.join(work, "logs"), exist_ok=True)
    results = os.path.join(work, "results.jsonl")
    if a.table:
        return print_table(results)

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "workplan")
    helptext = subprocess.run([exe, "run", "--help"], capture_output=True, text=True).stdout
    has_no_pdf = "--no-pdf" in helptext
    registry = os.path.join(ROOT, "input", "partners.toml")
    templates = os.path.join(ROOT, "templates")
    anchors = os.path.abspath(a.anchors)
    py = None
    if a.python_limit and os.path.exists(os.path.join(anchors, "python_ref.py")):
        py = ensure_venv(work, anchors)
    elif a.python_limit:
        print(f"no python_ref.py in {anchors}: workplan only", file=sys.stderr)
    stopped = set()  # Python modes that hit the limit at a smaller size

    with open(os.path.join(work, "machine.txt"), "w") as f:
        f.write(subprocess.run(["sh", "-c", "uname -a; nproc; grep 'model name' /proc/cpuinfo | head -1; "
                                "free -g | head -2; python3 --version"],
                               capture_output=True, text=True).stdout)

    for n in [int(x) for x in a.sizes.split(",")]:
        prefix = os.path.join(work, "data", f"workplan_{n}")
        if not all(os.path.exists(f"{prefix}.{k}") for k in ("xlsx", "csv")):
            os.makedirs(os.path.dirname(prefix), exist_ok=True)
            subprocess.run([generator(), str(n), "--out", prefix], check=True)
        for kind in a.kinds.split(","):
            inp = f"{prefix}.{kind}"
            modes = [("e2e", [])] + ([("no_pdf", ["--no-pdf"])] if has_no_pdf else [])
            for mode, flags in modes:
                print(f"{n:>9,} {kind} {mode}", flush=True)
                out = os.path.join(work, "out", f"wp_{n}_{kind}_{mode}")
                cmd = [exe, "run", "-i", inp, "-o", out, "-r", registry, "--templates", templates,
                       "--quiet", "--no-progress"] + flags
                ours = timed(f"workplan_{n}_{kind}_{mode}", cmd, 0, work, out)
                theirs = None
                if py and mode in a.python_modes.split(",") and mode not in stopped:
                    pout = os.path.join(work, "out", f"py_{n}_{kind}_{mode}")
                    pcmd = [py, os.path.join(anchors, "python_ref.py"), inp, "--out", pout]
                    pcmd += ["--no-pdf"] if mode == "no_pdf" else []
                    theirs = timed(f"python_{n}_{kind}_{mode}", pcmd, a.python_limit, work, pout)
                    if theirs["timed_out"]:
                        stopped.add(mode)
                    print(f"  ratio Python / workplan: "
                          f"{'>' if theirs['timed_out'] else ''}{theirs['wall_s'] / ours['wall_s']:.1f}x",
                          flush=True)
                with open(results, "a") as f:
                    f.write(json.dumps({"n": n, "kind": kind, "what": mode, "workplan": ours,
                                        "python": theirs}) + "\n")
    print_table(results)


if __name__ == "__main__":
    main()
