#!/usr/bin/env python3
"""The packaged extension in the real VS Code: code-server driven in Chromium.

A user's path, as README gives it: the .vsix installed with
`code-server --install-extension`, `copydesk` on PATH, a folder opened for the
first time and left untrusted (Restricted Mode), a draft opened in it. Then:

1. squiggles and the Problems count in the status bar (as many warnings as
   `copydesk check` finds), although the folder's own `.vscode/settings.json`
   points `copydesk.path` at a missing file: a restricted setting that
   Restricted Mode must ignore;
2. the hover on the misspelled name: VS Code's diagnostic hover with the
   message once, then copydesk's card: one source quote, its article's
   headline as a link that opens it (screenshot hover.png, and problems.png
   of the Problems panel, in the artefacts);
3. the quick fix applied from the lightbulb menu (Ctrl+.), titled in plain
   words: Tabarov becomes Tabalov and the count drops by one;
4. a setting changed in the user's settings.json (copydesk.disabledCodes)
   takes effect without a reload: the count drops to what `copydesk check`
   finds with that code off.

  python3 test_vscode.py --code-server PATH --vsix PATH --node-bin DIR

Needs Python's playwright and Debian's chromium. Exits non-zero on failure
and leaves a screenshot of the last state in $COPYDESK_E2E_ARTIFACTS (default:
a temp folder, printed).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import Page, sync_playwright

REPO = pathlib.Path(__file__).resolve().parents[3]
DRAFT = REPO / "tests" / "eval" / "02-troops-quit.md"
TIMEOUT_MS = int(os.environ.get("COPYDESK_TEST_TIMEOUT_MS", "30000"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

failures: list[str] = []


def check(cond: bool, what: str, detail: object = None) -> bool:
    if cond:
        print(f"ok     {what}", flush=True)
    else:
        failures.append(what)
        print(f"FAILED {what}" + (f"\n       {detail}" if detail is not None else ""), flush=True)
    return cond


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def expected_warnings(text: str, disabled: list[str] = ()) -> int:
    """What `copydesk check` finds in `text` (errors and warnings, as the status bar counts)."""
    with tempfile.TemporaryDirectory() as d:
        p = pathlib.Path(d, "draft.md")
        p.write_text(text)
        out = subprocess.run(["copydesk", "check", "--format", "json", str(p)], capture_output=True, text=True)
        findings = json.loads(out.stdout or "[]")
    return sum(1 for f in findings if f.get("code") not in disabled and f.get("severity", "warning") in ("warning", "error"))


def problems(page: Page) -> tuple[int, int, str]:
    """(errors, warnings) from the status bar's Problems item."""
    item = page.locator("[id='status.problems']").first
    label = (item.get_attribute("aria-label") or "") + " " + item.inner_text()
    nums = [int(n) for n in re.findall(r"(\d+)", item.inner_text())]
    errors, warnings = (nums + [0, 0])[:2]
    return errors, warnings, label.replace("\n", " ")


def wait_until(what: str, cond, timeout_ms: int = TIMEOUT_MS, detail=None) -> bool:
    deadline = time.monotonic() + timeout_ms / 1000
    while time.monotonic() < deadline:
        try:
            if cond():
                return check(True, what)
        except Exception:  # the page is still rendering
            pass
        time.sleep(0.25)
    return check(False, what, detail() if callable(detail) else detail)


def editor_text(page: Page, showing: str | None = None) -> str:
    """The visible text of the (first, or first showing `showing`) editor,
    wrapped lines joined (whitespace collapsed)."""
    views = page.locator(".monaco-editor .view-lines")
    if showing:
        views = views.filter(has_text=showing)
    return " ".join(views.first.inner_text().replace("\u00a0", " ").split())


def go_to(page: Page, line: int, col: int) -> None:
    page.keyboard.press("Control+g")
    page.keyboard.type(f"{line}:{col}")
    page.keyboard.press("Enter")
    time.sleep(0.3)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--code-server", required=True)
    ap.add_argument("--vsix", required=True)
    ap.add_argument("--bundled", action="store_true",
                    help="the .vsix carries the server (bin/copydesk): no copydesk on PATH, and the log must say it ran the bundled one")
    ap.add_argument("--node-bin", required=True, help="folder of the Node code-server runs on")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()

    tmp = pathlib.Path(tempfile.mkdtemp(prefix="copydesk-vscode-e2e-"))
    artifacts = pathlib.Path(os.environ.get("COPYDESK_E2E_ARTIFACTS") or tmp / "artifacts")
    artifacts.mkdir(parents=True, exist_ok=True)
    user_data, extensions, folder = tmp / "user-data", tmp / "extensions", tmp / "newsroom"
    (user_data / "User").mkdir(parents=True)
    (folder / ".vscode").mkdir(parents=True)
    draft_text = DRAFT.read_text()
    (folder / "draft.md").write_text(draft_text)
    # A restricted setting in the untrusted folder: Restricted Mode must ignore it.
    (folder / ".vscode" / "settings.json").write_text(json.dumps({"copydesk.path": str(tmp / "no-such-copydesk")}))
    user_settings = user_data / "User" / "settings.json"
    base_settings = {
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": False,
        "workbench.enableExperiments": False,
        "telemetry.telemetryLevel": "off",
        "update.mode": "none",
        "extensions.autoCheckUpdates": False,
        "extensions.autoUpdate": False,
        "chat.disableAIFeatures": True,
        "editor.hover.delay": 200,
        "copydesk.trace.server": "verbose",  # the protocol in copydesk's log, shown on failure
        # So that text inserted into settings.json lands as given.
        "editor.autoClosingBrackets": "never",
        "editor.autoClosingQuotes": "never",
        "editor.autoSurround": "never",
        "editor.autoIndent": "none",
        "editor.formatOnType": False,
    }
    user_settings.write_text(json.dumps(base_settings, indent=2))

    # A home of the user's own, where `cargo install` would have put copydesk:
    # VS Code's server takes PATH from a login shell (so ~/.profile), not
    # from the environment it was started in.
    home = tmp / "home"
    (home / ".cargo" / "bin").mkdir(parents=True)
    env = dict(os.environ)
    env["HOME"] = str(home)
    if args.bundled:
        # A reporter who installed only the .vsix: no copydesk anywhere on PATH.
        bare = [d for d in env["PATH"].split(os.pathsep) if d and not (pathlib.Path(d) / "copydesk").exists()]
        env["PATH"] = os.pathsep.join([args.node_bin, *bare])
        check(shutil.which("copydesk", path=env["PATH"]) is None, "no copydesk on PATH (the server must come from the .vsix)")
    else:
        copydesk = shutil.which("copydesk")
        if not check(copydesk is not None, "copydesk is on PATH (for the test to install in the user's ~/.cargo/bin)"):
            return 1
        os.symlink(os.path.realpath(copydesk), home / ".cargo" / "bin" / "copydesk")
        (home / ".profile").write_text('export PATH="$HOME/.cargo/bin:$PATH"\n')
        env["PATH"] = f"{args.node_bin}{os.pathsep}{env['PATH']}"
    # code-server writes its config and state where XDG says: keep them in tmp.
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = str(tmp / "xdg" / var.lower())
    common = ["--user-data-dir", str(user_data), "--extensions-dir", str(extensions)]
    t0 = time.monotonic()
    r = subprocess.run([args.code_server, *common, "--install-extension", args.vsix], env=env, capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"code-server --install-extension {pathlib.Path(args.vsix).name}", r.stdout + r.stderr)
    r = subprocess.run([args.code_server, *common, "--list-extensions"], env=env, capture_output=True, text=True, timeout=120)
    check("copydesk.copydesk" in r.stdout.split(), "the extension is listed as copydesk.copydesk", r.stdout + r.stderr)
    if failures:
        return 1

    port = free_port()
    log = open(artifacts / "code-server.log", "w")
    server = subprocess.Popen(
        [args.code_server, *common, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}", "--disable-telemetry",
         "--disable-update-check", "--disable-getting-started-override", "--ignore-last-opened", str(folder)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except Exception:
                if server.poll() is not None or time.monotonic() > deadline:
                    check(False, "code-server starts", (artifacts / "code-server.log").read_text()[-2000:])
                    return 1
                time.sleep(0.5)
        print(f"       (code-server on port {port}, up {time.monotonic() - t0:.1f} s after install)", flush=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=args.chromium,
                headless=True,
                # Playwright gives Chromium a fresh, empty --user-data-dir of its
                # own; HOME keeps the rest (crash reports) out of the user's.
                args=CHROMIUM_FLAGS,
                env={**os.environ, "HOME": str(home)},
            )
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            try:
                run(page, port, folder, user_settings, base_settings, draft_text, artifacts)
            finally:
                page.screenshot(path=str(artifacts / "last.png"))
                print(f"       (screenshot: {artifacts / 'last.png'})", flush=True)
                browser.close()
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
        log.close()
    if args.bundled:
        logs = [f.read_text(errors="replace") for f in (user_data / "logs").rglob("*.log") if "copydesk" in f.name.lower()]
        check(any("(bundled)" in t for t in logs), "the extension started the server bundled in the .vsix",
              "copydesk logs: " + " | ".join(t[-300:] for t in logs))
    if failures:
        print("code-server log tail:\n" + (artifacts / "code-server.log").read_text()[-3000:])
        # The extension host's and copydesk's own logs (its output channel).
        for log_file in sorted((user_data / "logs").rglob("*.log")):
            name = log_file.name.lower()
            if "exthost" in name or "copydesk" in name or "remoteexthost" in name:
                shutil.copy(log_file, artifacts / f"{log_file.parent.name}-{log_file.name}")
                print(f"--- {log_file.relative_to(user_data)} (tail)\n" + log_file.read_text(errors="replace")[-2500:])
    shutil.rmtree(tmp / "user-data", ignore_errors=True)
    return 1 if failures else 0


def headlines_of_articles_with(words: str) -> list[str]:
    """The headlines (first lines) of the built-in archive's articles that contain `words`."""
    corpus = pathlib.Path(__file__).resolve().parents[3] / "corpus"
    out = []
    for f in sorted(corpus.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        if words in text:
            out.append(next((l.strip() for l in text.splitlines() if l.strip()), ""))
    return out


def run(page: Page, port: int, folder: pathlib.Path, user_settings: pathlib.Path, base_settings: dict, draft_text: str,
        artifacts: pathlib.Path) -> None:
    page.goto(f"http://127.0.0.1:{port}/?folder={folder}")
    page.wait_for_selector(".monaco-workbench", timeout=60000)

    # A folder opened for the first time: VS Code asks whether to trust it. Don't.
    # (code-server may open it in Restricted Mode straight away, without asking.)
    no = page.get_by_role("button", name=re.compile(r"No, I don.t trust", re.I))
    if wait_until_visible(no, 10000):
        print("       (VS Code asked whether to trust the folder: answered No)", flush=True)
        no.click()
    wait_until("the window is in Restricted Mode", lambda: page.get_by_text("Restricted Mode").first.is_visible())

    # Open the draft (Quick Open).
    page.locator(".monaco-workbench").first.click(position={"x": 800, "y": 500})
    page.keyboard.press("Control+p")
    page.wait_for_selector(".quick-input-widget input")
    page.keyboard.type("draft.md")
    time.sleep(0.5)
    page.keyboard.press("Enter")
    page.wait_for_selector(".monaco-editor .view-lines")
    wait_until("the draft is open in the editor", lambda: "Tabarov" in editor_text(page))

    # 1. Squiggles and the Problems count.
    want = expected_warnings(draft_text)
    check(want > 1, f"`copydesk check` finds {want} warnings in the draft")
    wait_until("copydesk's squiggles appear in the untrusted folder",
               lambda: page.locator(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-error").count() > 0, 60000)
    wait_until(f"the status bar counts {want} problems", lambda: sum(problems(page)[:2]) == want,
               detail=lambda: problems(page)[2])

    # 2. Hover on Tabarov (line 5): the message once, then copydesk's evidence.
    lines = draft_text.split("\n")
    line = next(i for i, l in enumerate(lines) if "Tabarov" in l) + 1
    col = lines[line - 1].index("Tabarov") + 3
    go_to(page, line, col)
    page.keyboard.press("Control+k")
    page.keyboard.press("Control+i")
    hover = page.locator(".monaco-hover:not(.hidden)").first
    got_hover = wait_until("a hover opens on Tabarov", lambda: "Tabalov" in hover.inner_text() and "Name spelling" in hover.inner_text(),
                           detail=lambda: hover.inner_text() if hover.count() else "no hover")
    if got_hover:
        text = hover.inner_text()
        message = "Misspelled? The archive writes Tabalov"
        check(text.count(message) == 1, "the diagnostic's message appears once in the hover", text)
        check("Name spelling" in text, "copydesk's card says what is wrong", text)
        check(hover.locator("blockquote").count() == 1, "the card has one source quote", hover.inner_html()[:2000])
        headlines = headlines_of_articles_with("Alexei Tabalov")
        check(any(h and h.rstrip(".") in text for h in headlines), f"the card gives the article's headline (one of {headlines})", text)
        links = hover.locator("a")
        hrefs = [(links.nth(i).get_attribute("data-href") or links.nth(i).get_attribute("href") or "") for i in range(links.count())]
        # A file: URI, which code-server hands on as its remote's (vscode-remote:).
        check(any(re.match(r"(file|vscode-remote)://.*/\d{3}_[0-9a-f]+\.txt#L\d+$", h) for h in hrefs),
              "the headline is a link that opens the article at the line", hrefs)
        check("corpus" not in text.lower().replace("copydesk", ""), "the card says archive, not corpus, and shows no path", text)
        check("lawyer" in text, "the card's quote gives the role the archive gives", text)
        page.screenshot(path=str(artifacts / "hover.png"))
    page.keyboard.press("Escape")
    # The Problems panel, for the artefacts: messages lead with the fact.
    page.keyboard.press("Control+Shift+m")
    panel = page.locator(".markers-panel").first
    if wait_until("the Problems panel lists the archive's spelling", lambda: "Misspelled? The archive writes Tabalov" in panel.inner_text(),
                  detail=lambda: panel.inner_text()[:1500] if panel.count() else "no panel"):
        page.screenshot(path=str(artifacts / "problems.png"))
    page.keyboard.press("Control+Shift+m")

    # 3. Quick fix from the lightbulb menu.
    go_to(page, line, col)
    page.keyboard.press("Control+.")
    fix = page.locator(".action-widget .monaco-list-row, .context-view .action-item").filter(has_text="Tabalov").first
    if check(wait_until_visible(fix, TIMEOUT_MS), "Ctrl+. offers the quick fix “Change ‘Tabarov’ to ‘Tabalov’ (as the archive spells it)”",
             page.locator(".action-widget").first.inner_text() if page.locator(".action-widget").count() else None):
        fix.click()
    fixed_text = draft_text.replace("Alexei Tabarov", "Alexei Tabalov", 1)
    wait_until("the quick fix rewrites Tabarov to Tabalov", lambda: "Alexei Tabalov" in editor_text(page) and "Tabarov" not in editor_text(page),
               detail=lambda: editor_text(page)[:600])
    want_fixed = expected_warnings(fixed_text)
    wait_until(f"the status bar count drops to {want_fixed}", lambda: sum(problems(page)[:2]) == want_fixed,
               detail=lambda: problems(page)[2])

    # 4. A setting changed in settings.json applies without a reload: edited
    # as a user does, through "Preferences: Open User Settings (JSON)".
    page.keyboard.press("Control+Shift+p")
    page.wait_for_selector(".quick-input-widget input")
    page.keyboard.type("Preferences: Open User Settings (JSON)")
    time.sleep(0.7)
    page.keyboard.press("Enter")
    wait_until("settings.json opens in an editor", lambda: "workbench.startupEditor" in editor_text(page, "workbench.startupEditor"))
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(json.dumps({**base_settings, "copydesk.disabledCodes": ["misquote"]}))
    page.keyboard.press("Control+s")
    wait_until("settings.json is saved with copydesk.disabledCodes",
               lambda: "misquote" in json.loads(user_settings.read_text()).get("copydesk.disabledCodes", []))
    # Back to the draft, as a user does (closing the settings editor).
    page.keyboard.press("Control+w")
    wait_until("back in the draft", lambda: "Alexei Tabalov" in editor_text(page, "Alexei"))
    # (A misquote is an error, so it is in the status bar's count; a figure
    # without a source is information, which the count leaves out.)
    want_off = expected_warnings(fixed_text, ["misquote"])
    check(want_off < want_fixed, f"turning misquote off should leave {want_off} of {want_fixed}")
    wait_until(f"copydesk.disabledCodes = [misquote] leaves {want_off} problems", lambda: sum(problems(page)[:2]) == want_off,
               detail=lambda: problems(page)[2])


def wait_until_visible(locator, timeout_ms: int) -> bool:
    try:
        locator.wait_for(state="visible", timeout=timeout_ms)
        return True
    except Exception:
        return False


if __name__ == "__main__":
    sys.exit(main())
