#!/usr/bin/env python3
"""Builds a tree of real code for benches/compare.sh: this machine's Python standard library
(with its site-packages) and /usr/include, copied as they are, with TOKENS made-up Okta
tokens planted in text files chosen at random (deterministically). Writes the planted
(path, token) pairs to DIR.planted.

    python3 benches/real_tree.py DIR [TOKENS]

Nobody here wrote the copied files: detection and speed on them are what users get on real
projects (a generated tree is regular in ways real code is not).
"""
import os
import random
import shutil
import sys
import sysconfig

ABC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def sources():
    stdlib = sysconfig.get_paths()["stdlib"]
    found = [(stdlib, "python")]
    if os.path.isdir("/usr/include"):
        found.append(("/usr/include", "include"))
    return found


def copy(source, target):
    def copy_file(src, dst):
        try:
            shutil.copy2(src, dst)
        except OSError:
            pass  # unreadable or vanished: the tree is a sample, not a backup

    shutil.copytree(source, target, symlinks=True, copy_function=copy_file,
                    ignore_dangling_symlinks=True, dirs_exist_ok=True)


def is_text(path):
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError:
        return False
    return bool(head) and b"\0" not in head


def plant(tree, count, rng):
    candidates = []
    for root, dirs, files in os.walk(tree):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if not os.path.islink(path) and os.path.getsize(path) < (1 << 20) and is_text(path):
                candidates.append(path)
    planted = []
    for path in rng.sample(candidates, count):
        token = "00" + "".join(rng.choice(ABC) for _ in range(40))
        with open(path, "a", encoding="utf-8") as f:
            f.write(f'\nOKTA_API_TOKEN = "{token}"\n')
        planted.append((path, token))
    return planted


def main():
    tree = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    if os.path.exists(tree):
        sys.exit(f"{tree} exists: remove it to build it again")
    for source, name in sources():
        copy(source, os.path.join(tree, name))
    planted = plant(tree, count, random.Random(11))
    with open(tree + ".planted", "w", encoding="utf-8") as f:
        for path, token in planted:
            f.write(f"{path}\t{token}\n")
    made = ", ".join(f"{name} from {source}" for source, name in sources())
    print(f"{tree}: {made}; {len(planted)} tokens planted")


if __name__ == "__main__":
    main()
