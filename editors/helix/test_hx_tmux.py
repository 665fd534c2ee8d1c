#!/usr/bin/env python3
"""Drives a real Helix (`hx`) in tmux with editors/helix/languages.toml as the
user's configuration: the draft's findings in the diagnostics picker, the hover
and the quick fix applied; then the example settings from its comments,
uncommented as they are, taking effect. Skips, saying so, when `hx` or tmux is not on PATH
(Helix is not packaged for Debian 12, nor on the registries CI reaches).

  PATH="$PWD/target/release:$PATH" python3 editors/helix/test_hx_tmux.py

Exits 0 on success or skip, 1 on failure. (Passes with Helix 25.07.1, and
fails with a wrong command in languages.toml.)
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
TIMEOUT = float(os.environ.get("COPYDESK_TEST_TIMEOUT_MS", "30000")) / 1000

failures: list[str] = []


def check(cond: bool, what: str, detail: object = None) -> bool:
    print(("ok     " if cond else "FAILED ") + what + ("" if cond or detail is None else f"\n       {detail}"), flush=True)
    if not cond:
        failures.append(what)
    return cond


class Tmux:
    def __init__(self, socket: str, env: dict):
        self.socket, self.env = socket, env

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True).stdout

    def keys(self, *keys: str) -> None:
        for k in keys:
            self.run("send-keys", "-t", "hx", k)
            time.sleep(0.15)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "hx")

    def wait(self, what: str, cond, timeout: float = TIMEOUT) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if cond(self.screen()):
                return check(True, what)
            time.sleep(0.3)
        return check(False, what, "screen:\n" + self.screen())


def main() -> int:
    hx = shutil.which("hx")
    if not hx or not shutil.which("tmux"):
        print(f"SKIPPED the real-Helix test: {'hx' if not hx else 'tmux'} is not on PATH "
              "(Helix is not packaged for Debian 12; install it from docs.helix-editor.com to run this test)")
        return 0
    if not check(shutil.which("copydesk") is not None, "copydesk is on PATH"):
        return 1
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="copydesk-hx-"))
    conf = tmp / "config" / "helix"
    conf.mkdir(parents=True)
    shutil.copy(HERE / "languages.toml", conf / "languages.toml")
    draft = tmp / "draft.md"
    text = (REPO / "tests" / "eval" / "02-troops-quit.md").read_text()
    draft.write_text(text)
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_CACHE_HOME": str(tmp / "cache"),
           "XDG_DATA_HOME": str(tmp / "data"), "XDG_STATE_HOME": str(tmp / "state"), "TERM": "xterm-256color"}
    print(subprocess.run([hx, "--version"], env=env, capture_output=True, text=True).stdout.strip())
    for lang in ("markdown", "text"):
        health = subprocess.run([hx, "--health", lang], env=env, capture_output=True, text=True).stdout
        health = re.sub(r"\x1b\[[0-9;]*m", "", health)
        check(re.search(r"✓ copydesk: ", health) is not None, f"`hx --health {lang}` finds copydesk (✓)", health)
    t = Tmux(f"copydesk-hx-{os.getpid()}", env)
    t.run("new-session", "-d", "-s", "hx", "-x", "200", "-y", "50", "-c", str(tmp), f"{hx} {draft}")
    try:
        t.wait("Helix opens the draft", lambda s: "Tabarov" in s)
        # The diagnostics picker (space d) lists the findings with their messages.
        line = next(i for i, l in enumerate(text.split("\n")) if "Tabarov" in l) + 1
        t.wait("the status line counts copydesk's diagnostics", lambda s: "●" in s, timeout=TIMEOUT)
        t.keys("Space", "d")
        t.wait("the diagnostics picker shows the name-spelling finding", lambda s: "Tabalov" in s and "name-spelling" in s)
        t.keys("Escape")
        # Go to Tabarov: line, then search.
        t.keys(f":{line}", "Enter")
        t.keys("/", "Tabarov", "Enter")
        t.keys("Space", "k")
        t.wait("the hover shows copydesk's card and the source", lambda s: "Name spelling" in s and "Tabalov" in s)
        t.keys("Escape")
        t.keys("Space", "a")
        t.wait("the code action menu offers Tabalov, in plain words", lambda s: "Change ‘Tabarov’ to ‘Tabalov’" in s)
        t.keys("Enter")
        t.wait("the quick fix rewrites Tabarov to Tabalov", lambda s: "Alexei Tabalov" in s and "Alexei Tabarov" not in s)
    finally:
        t.keys(":q!", "Enter")
        time.sleep(0.5)
        t.run("kill-server")
    # Helix logs each line of a server's stderr as `[ERROR] copydesk err <- "…"`:
    # a normal session writes none.
    log = tmp / "cache" / "helix" / "helix.log"
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    errors = [l for l in lines if "[ERROR]" in l and 'copydesk err <- "' in l]
    check(not errors, "no lines from copydesk's stderr logged as [ERROR] in Helix's log", "\n".join(errors[:5]))

    # The example settings from languages.toml's comments, uncommented as
    # they are: Helix sends them and they take effect.
    raw = (HERE / "languages.toml").read_text()
    example = re.search(r"^# (config\.copydesk = .*)$", raw, re.M)
    if check(example is not None, "languages.toml shows an example config.copydesk line"):
        (conf / "languages.toml").write_text(raw.replace(example.group(0), example.group(1)))
        draft.write_text(text)
        t = Tmux(f"copydesk-hx2-{os.getpid()}", env)
        t.run("new-session", "-d", "-s", "hx", "-x", "200", "-y", "50", "-c", str(tmp), f"{hx} {draft}")
        try:
            t.wait("Helix opens the draft with the example settings", lambda s: "Tabarov" in s)
            t.wait("the status line counts diagnostics", lambda s: "●" in s)
            t.keys("Space", "d")
            t.wait("name-spelling is an ERROR and unattributed-figure is off, as the example says",
                   lambda s: re.search(r"ERROR\s+copydesk\s+name-spelling", s) is not None and "unattributed-figure" not in s)
            t.keys("Escape")
        finally:
            t.keys(":q!", "Enter")
            t.run("kill-server")
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'FAILED' if failures else 'passed'}: real Helix ({len(failures)} failure(s))")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
