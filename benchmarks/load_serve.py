"""Load test for `fixcopy serve`: N concurrent clients POST 700-word articles to
/v2/check on loopback; reports requests/s and latency percentiles.

Bounded: stops after --requests requests or --seconds seconds, whichever comes
first. Starts its own server (`fixcopy serve --port 0`, in a separate process so the
clients do not share its interpreter) unless --url names one, which must be on
loopback.

    .venv/bin/python benchmarks/load_serve.py                  # rules only
    .venv/bin/python benchmarks/load_serve.py --model          # with the shipped model, if any
    .venv/bin/python benchmarks/load_serve.py --url http://127.0.0.1:8081
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import httpx

REPO = Path(__file__).resolve().parent.parent
FALLBACK = (
    "The Germany said on Monday it signed a deal. with the union for for the first time, and officials "
    "said they could helped the talks , which agreed to extending the plan until the end of the year. "
)


def articles(words: int = 700, count: int = 8) -> list[str]:
    """``count`` different articles of about ``words`` words, from corpora/garbled/*.txt
    (paragraphs taken in turn from every article) or a built-in garbled paragraph."""
    paras = []
    for f in sorted((REPO / "corpora" / "garbled").glob("*.txt")):
        paras += [p.strip() for p in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")) if len(p.split()) > 15]
    if not paras:
        paras = [FALLBACK]
    out = []
    for k in range(count):
        chosen: list[str] = []
        i = k * 3
        while sum(len(p.split()) for p in chosen) < words:
            chosen.append(paras[i % len(paras)])
            i += 1
        out.append("\n\n".join(chosen))
    return out


def start_server(model: bool) -> tuple[subprocess.Popen, str]:
    cmd = [sys.executable, "-m", "fixcopy", "serve", "--port", "0"] + ([] if model else ["--no-model"])
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, cwd=REPO)
    line = proc.stderr.readline()
    m = re.search(r"at (http://[^ ]+)/v2/", line)
    if not m:
        proc.kill()
        raise SystemExit(f"the server did not start: {line.strip()}")
    print(line.strip().removeprefix("fixcopy: "))
    return proc, m.group(1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="an already running server (loopback only)")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--requests", type=int, default=200, help="stop after this many requests in all")
    ap.add_argument("--seconds", type=float, default=30.0, help="stop after this long")
    ap.add_argument("--words", type=int, default=700)
    ap.add_argument("--model", action="store_true", help="let the started server use the shipped model")
    args = ap.parse_args(argv)

    proc = None
    if args.url:
        host = urlparse(args.url).hostname or ""
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("--url must be a loopback address")
        url = args.url.rstrip("/")
    else:
        proc, url = start_server(args.model)
    texts = articles(args.words)
    print(
        f"{len(texts)} articles of {min(len(t.split()) for t in texts)}-{max(len(t.split()) for t in texts)} words, "
        f"{args.clients} clients, at most {args.requests} requests or {args.seconds:g} s"
    )

    latencies: list[float] = []
    errors: list[str] = []
    matches = [0]
    lock = threading.Lock()
    issued = [0]
    deadline = [0.0]

    def client(n: int) -> None:
        with httpx.Client(timeout=60) as http:
            k = n
            while True:
                with lock:
                    if issued[0] >= args.requests or time.perf_counter() > deadline[0]:
                        return
                    issued[0] += 1
                t0 = time.perf_counter()
                try:
                    r = http.post(f"{url}/v2/check", data={"text": texts[k % len(texts)], "language": "en-US"})
                    ok = r.status_code == 200
                    found = len(r.json()["matches"]) if ok else 0
                except httpx.HTTPError as e:
                    ok, found, r = False, 0, e
                dt = time.perf_counter() - t0
                with lock:
                    if ok:
                        latencies.append(dt)
                        matches[0] += found
                    else:
                        errors.append(str(getattr(r, "status_code", r)))
                k += args.clients

    try:
        with httpx.Client() as http:  # warm up: the first request loads what loads lazily
            http.post(f"{url}/v2/check", data={"text": texts[0], "language": "en-US"}, timeout=120)
        start = time.perf_counter()
        deadline[0] = start + args.seconds
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)

    if not latencies:
        print(f"no request succeeded; errors: {errors[:5]}")
        return 1
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(round(q * (len(lat) - 1))))] * 1000  # noqa: E731
    print(f"{len(lat)} ok, {len(errors)} failed in {elapsed:.1f} s: {len(lat) / elapsed:.1f} requests/s")
    print(
        f"latency ms: p50 {p(0.5):.0f}, p95 {p(0.95):.0f}, max {lat[-1] * 1000:.0f}, "
        f"mean {statistics.mean(lat) * 1000:.0f}; {matches[0] / len(lat):.1f} matches a request"
    )
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
