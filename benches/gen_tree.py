#!/usr/bin/env python3
"""Generates a source-like tree for benches/scan_vs_rg.sh.

    python3 benches/gen_tree.py DIR SIZE_MB

Files of 1 KB to 2 MB: code, JSON, YAML, logs, lockfiles with base64 hashes, minified
bundles; about one file in 2,000 holds a (made-up) Okta token. Deterministic.
"""
import base64
import os
import random
import sys

ABC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
rng = random.Random(7)
WORDS = ("request response handler config value index count buffer stream token user group "
         "client server error result option parse write read close open session cache limit "
         "retry timeout policy event record batch queue worker thread").split()


def ident():
    return "_".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))


def code_lines(n):
    out = []
    for i in range(n):
        k = rng.random()
        if k < 0.3:
            out.append(f"    let {ident()} = {ident()}(&{ident()}, {rng.randint(0, 5000)});")
        elif k < 0.45:
            out.append(f"    // {' '.join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))}")
        elif k < 0.6:
            out.append(f"    if {ident()} > {rng.randint(0, 100000)} {{ return Err(Error::{ident().title()}); }}")
        elif k < 0.7:
            out.append(f'    "{ident()}": "{rng.getrandbits(64):016x}",')
        elif k < 0.8:
            out.append("    }")
        else:
            out.append(f"fn {ident()}_{i}({ident()}: &str) -> Result<(), Error> {{")
    return "\n".join(out) + "\n"


def log_lines(n):
    return "".join(
        f"2026-03-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z INFO "
        f"{ident()} id={rng.getrandbits(96):024x} took={rng.randint(1, 900)}ms\n" for _ in range(n))


def lock_lines(n):
    return "".join(
        f'    "{ident()}": {{"version": "1.{rng.randint(0, 40)}.0", "integrity": "sha512-'
        f'{base64.b64encode(rng.randbytes(64)).decode()}"}},\n' for _ in range(n))


def minified(n):
    return ";".join(f"function {ident()}(e,t){{return e.{ident()}?t[{rng.randint(0, 99)}]:\"{base64.b64encode(rng.randbytes(rng.randint(8, 60))).decode()}\"}}" for _ in range(n)) + "\n"


def token():
    return "00" + "".join(rng.choice(ABC) for _ in range(40))


def main():
    root, size_mb = sys.argv[1], int(sys.argv[2])
    target = size_mb << 20
    written = 0
    n = 0
    while written < target:
        d = os.path.join(root, f"pkg{n // 200:04d}", rng.choice(["src", "lib", "config", "logs", "vendor"]))
        os.makedirs(d, exist_ok=True)
        kind = rng.random()
        lines = int(rng.paretovariate(1.2) * 40)
        lines = min(lines, 30000)
        if kind < 0.55:
            text, ext = code_lines(lines), "rs"
        elif kind < 0.7:
            text, ext = log_lines(lines), "log"
        elif kind < 0.85:
            text, ext = lock_lines(lines), "json"
        else:
            text, ext = minified(lines), "js"
        if n % 2000 == 0:
            text += f"OKTA_ORG_URL=https://acme.okta.com\nOKTA_API_TOKEN={token()}\n"
        path = os.path.join(d, f"f{n}.{ext}")
        with open(path, "w") as f:
            f.write(text)
        written += len(text)
        n += 1
    print(f"{n} files, {written >> 20} MB in {root}")


main()
