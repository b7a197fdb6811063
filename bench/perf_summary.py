#!/usr/bin/env python3
"""Where the server's CPU time goes, from a system-wide `perf record --call-graph dwarf`.

    bench/perf_summary.py perf.data [TOP]

Keeps the samples of the Kehu server's threads (their names start with "kehu"
or "MHD": kehu-read, kehu-write, MHD-worker, MHD-connection) and prints, per Kehu function, the share of those samples
that have it on the stack (inclusive) and at the top (self). Library code is
folded into [sqlite], [jansson], [mhd], [malloc/free], [sodium], and kernel
code into [kernel], so the table reads as "which of our functions costs what".
"""

import collections
import subprocess
import sys

SERVER_COMMS = ("kehu", "MHD")  # thread-name prefixes
MALLOC = ("malloc", "_int_malloc", "cfree", "_int_free", "free", "malloc_consolidate",
          "unlink_chunk", "__libc_calloc", "__libc_malloc", "__GI___libc_malloc", "__GI___libc_free")


def frame_name(sym, dso):
    if "kernel" in dso:
        return "[kernel]"
    if "sqlite" in dso:
        return "[sqlite]"
    if "jansson" in dso:
        return "[jansson]"
    if "microhttpd" in dso:
        return "[mhd]"
    if "sodium" in dso:
        return "[sodium]"
    if "libc" in dso and sym.startswith(MALLOC):
        return "[malloc/free]"
    if dso.endswith("/kehu") or dso == "kehu":
        if sym.startswith("0x") or sym == "[unknown]":
            return None
        return sym
    return None


def main():
    data = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    p = subprocess.run(["perf", "script", "-i", data, "-F", "comm,ip,sym,dso"],
                       capture_output=True, text=True, check=False)
    incl, self_ = collections.Counter(), collections.Counter()
    n = 0
    comm, stack = None, []

    def flush():
        nonlocal n
        if comm and comm.startswith(SERVER_COMMS) and stack:
            n += 1
            self_[stack[0]] += 1
            for s in set(stack):
                incl[s] += 1

    for line in p.stdout.splitlines():
        if not line.strip():
            flush()
            comm, stack = None, []
            continue
        if not line[0].isspace():
            flush()
            comm, stack = line.split()[0], []
            continue
        parts = line.split(None, 1)
        if len(parts) < 2:
            continue
        rest = parts[1]
        sym, _, dso = rest.rpartition(" (")
        dso = dso.rstrip(")")
        name = frame_name(sym.split("+0x")[0], dso)
        if name:
            stack.append(name)
    flush()
    print(f"server samples: {n}")
    print(" incl%   self%  function")
    for s, c in incl.most_common(top):
        print(f"{100 * c / max(n, 1):6.1f}  {100 * self_[s] / max(n, 1):6.1f}  {s}")


if __name__ == "__main__":
    main()
