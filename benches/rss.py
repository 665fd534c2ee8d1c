#!/usr/bin/env python3
"""Peak resident memory of a command, split as Linux counts it: heap and
other private memory (RssAnon) and pages of mapped files (RssFile, the page
cache's: shared, and reclaimed under pressure). Sampled from
/proc/PID/status every 5 ms, so a peak shorter than that can be missed;
/usr/bin/time's %M gives the exact total.

    python3 benches/rss.py target/release/copydesk check --corpus /tmp/gen100000 draft.md
"""
import re
import subprocess
import sys
import time

proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = {}
while proc.poll() is None:
    try:
        status = open(f"/proc/{proc.pid}/status").read()
    except OSError:
        break
    for key in ("VmRSS", "RssAnon", "RssFile"):
        m = re.search(key + r":\s+(\d+)", status)
        if m:
            peak[key] = max(peak.get(key, 0), int(m.group(1)))
    time.sleep(0.005)
print("  ".join(f"{k} {v / 1024:.0f} MB" for k, v in peak.items()))
