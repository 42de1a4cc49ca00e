#!/usr/bin/env python3
"""Samples /proc once a second and writes one line per second to the file named first:
   <unix time> <CPU-s so far: chromium> <dotnet (test hosts, the app)> <postgres> <everything else>
Counts only processes started after it. Run it beside a test run, stop it with SIGTERM (pkill -f cpu-by-process)."""
import os, sys, time

last, acc = {}, {"chromium": 0.0, "dotnet": 0.0, "postgres": 0.0, "other": 0.0}
out = open(sys.argv[1], "w")
while True:
    cur = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            s = open(f"/proc/{p}/stat").read()
        except OSError:
            continue
        comm = s[s.index("(") + 1:s.rindex(")")]
        f = s[s.rindex(")") + 2:].split()
        cpu, started = (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK"), f[19]
        group = ("chromium" if "chrom" in comm else "dotnet" if comm in ("dotnet", "Bastion", "MainThread") or comm.startswith(".NET")
                 else "postgres" if comm == "postgres" else "other")
        cur[(p, started)] = (group, cpu)
    for key, (group, cpu) in cur.items():
        before = last.get(key, (group, None))[1]
        acc[group] += cpu - (before if before is not None else (cpu if not last else 0))
    last = cur
    out.write(f"{time.time():.0f} {acc['chromium']:.1f} {acc['dotnet']:.1f} {acc['postgres']:.1f} {acc['other']:.1f}\n")
    out.flush()
    time.sleep(1)
