#!/usr/bin/env python3
"""Redis time of the guess scripts for a job's batch, at two revisions of RedisVerificationGuard.

Usage: load-tests/guess-scripts-bench.py OLD_REV NEW_REV [ROUNDS]   (from the repository's root; local Redis on 6379)

Reads the Lua scripts (RESERVE and SETTLE, with the parts they are built from) out of each revision's RedisVerificationGuard.java, loads
them into the local Redis and, alternating the two revisions round by round, reserves room for a batch of 2,048
fresh subjects (one guess each, limit 20) in scripts of 128 and settles it with no guess booked, as a verification job's
batch does. Knows both key layouts: a sorted set per tally, and holds (from the revision whose scripts free holds).
Prints the median milliseconds per batch of each script and revision, and removes its keys. Run it on a quiet
machine; it measures Redis alone (no gateway, no other load), so it repeats where a whole job benchmark does not.
"""
import re, socket, subprocess, time, sys, statistics
PATH = "gateway/src/main/java/org/govshare/gateway/quota/RedisVerificationGuard.java"
def scripts(revision):
    src = subprocess.run(["git", "show", f"{revision}:{PATH}"], check=True, capture_output=True, text=True).stdout
    # Each script constant is other constants' text followed by a text block of its own: NAME = A + B + """...""".
    parts = {m.group(1): (re.findall(r"([A-Z_]+) \+ ", m.group(2)), m.group(3))
             for m in re.finditer(r'String ([A-Z_]+) = ((?:[A-Z_]+ \+ )*)"""\n(.*?)"""', src, re.S)}
    def text(name):
        refs, body = parts[name]
        return "".join(text(ref) for ref in refs) + body
    return text("RESERVE"), text("SETTLE")

def resp(*args):
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(out)
class R:
    def __init__(self):
        self.s = socket.create_connection(("127.0.0.1", 6379)); self.f = self.s.makefile("rb")
    def call(self, *args):
        self.s.sendall(resp(*args)); return self.read()
    def read(self):
        line = self.f.readline()
        t, rest = line[:1], line[1:-2]
        if t == b"+": return rest
        if t == b"-": raise Exception(rest)
        if t == b":": return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0: return None
            d = self.f.read(n + 2); return d[:-2]
        if t == b"*":
            return [self.read() for _ in range(int(rest))]
r = R()
old_rev, new_rev = sys.argv[1], sys.argv[2]
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 40
versions = {"old": scripts(old_rev), "new": scripts(new_rev)}
shas = {v: (r.call("SCRIPT", "LOAD", a), r.call("SCRIPT", "LOAD", b)) for v, (a, b) in versions.items()}
n = 2048
timing = {"old": [], "new": []}
counter = 0
chunk = 128  # subjects per script, as RedisVerificationGuard.SUBJECTS_PER_SCRIPT sends them
def batch(v, rnd):
    """Reserves and settles one batch of n fresh subjects in scripts of chunk; returns (reserve, settle) seconds."""
    global counter
    rs, ss = shas[v]
    holds_layout = b"free(hold)" in versions[v][0].encode()
    reserve = settle = 0.0
    for start in range(0, n, chunk):
        tallies = []
        for i in range(min(chunk, n - start)):
            counter += 1
            tallies.append(f"luabench:{v}:{rnd}:{'%064x' % counter}:2026-12-07")
        if holds_layout:
            hold = f"luabench:hold:instance-x:{counter}"
            keys = ["luabench:holds", hold] + tallies
            args = ["172800", "30000"] + ["20", "1"] * len(tallies)
            skeys, sargs = ["luabench:holds", hold], ["172800", "0"]
        else:
            keys = []; args = ["172800", "30000"]; sargs = ["172800"]
            for j, h in enumerate(tallies):
                m = f"1:instance-x:{counter}:{j}"
                keys += [h, h + ":held"]; args += ["20", m]; sargs += [m, "0"]
            skeys = keys
        t0 = time.perf_counter()
        got = r.call("EVALSHA", rs, len(keys), *keys, *args)
        t1 = time.perf_counter()
        r.call("EVALSHA", ss, len(skeys), *skeys, *sargs)
        t2 = time.perf_counter()
        assert all(x == 1 for x in got), got[:5]
        reserve += t1 - t0; settle += t2 - t1
    return reserve, settle
for rnd in range(rounds):
    if rnd % 10 == 0:
        print(f"round {rnd}/{rounds}", file=sys.stderr)
    for v in ("old", "new") if rnd % 2 == 0 else ("new", "old"):
        a, b = batch(v, rnd)
        timing[v].append((a * 1000, b * 1000))
cursor = b"0"
while True:
    cursor, found = r.call("SCAN", cursor, "MATCH", "luabench:*", "COUNT", 10000)
    if found:
        r.call("UNLINK", *found)
    if cursor == b"0":
        break
for v, revision in (("old", old_rev), ("new", new_rev)):
    res = [a for a, b in timing[v]]; st = [b for a, b in timing[v]]
    print(f"{revision}: reserve median {statistics.median(res):.2f} ms, "
          f"settle median {statistics.median(st):.2f} ms per batch of {n} ({len(res)} batches)")
