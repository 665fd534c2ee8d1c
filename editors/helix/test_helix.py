#!/usr/bin/env python3
"""Checks editors/helix/languages.toml the way Helix would use it.

1. It parses as TOML and has the shape Helix expects: a copydesk language
   server, Markdown keeping Helix's default servers plus copydesk, and a
   plain-text language for .txt files using copydesk.
2. The command and args it names, started as Helix starts them (command looked
   up on PATH), answer an LSP initialize request and publish copydesk's
   diagnostics for a Markdown and a .txt draft, with the language ids Helix sends.
3. README.md's Helix section shows exactly this file.

Run with the server on PATH: PATH="$PWD/target/release:$PATH" python3 editors/helix/test_helix.py
Exits non-zero on any failure.
"""

from __future__ import annotations

import json
import os
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
CONFIG = HERE / "languages.toml"
TIMEOUT = float(os.environ.get("COPYDESK_TEST_TIMEOUT_MS", "30000")) / 1000
HELIX_DEFAULT_MARKDOWN_SERVERS = ["marksman", "markdown-oxide"]

failures: list[str] = []


def check(cond: bool, what: str, detail: object = None) -> bool:
    if cond:
        print(f"ok     {what}")
    else:
        failures.append(what)
        print(f"FAILED {what}" + (f"\n       {detail}" if detail is not None else ""))
    return cond


def server_names(lang: dict) -> list[str]:
    # Entries are names or { name = ..., only-features = [...] } tables.
    return [s if isinstance(s, str) else s.get("name") for s in lang.get("language-servers", [])]


class Lsp:
    """A minimal LSP client over stdio, framed as Helix frames it."""

    def __init__(self, argv: list[str], config: object):
        self.config = config
        self.proc = subprocess.Popen(argv, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.inbox: queue.Queue = queue.Queue()
        self.next_id = 0
        self.diagnostics: dict[str, list] = {}
        self._responses: dict = {}
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()

    def _drain_stderr(self) -> None:
        for chunk in iter(lambda: self.proc.stderr.read1(4096), b""):
            self.stderr += chunk

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode("ascii").partition(":")
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body))

    def send(self, msg: dict) -> None:
        msg = {"jsonrpc": "2.0", **msg}
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def lookup(self, section: str | None) -> object:
        """Helix answers workspace/configuration by walking `config` along the section's dotted path."""
        value = self.config
        for part in (section or "").split("."):
            if part:
                value = value.get(part) if isinstance(value, dict) else None
        return value

    def notify(self, method: str, params: object) -> None:
        self.send({"method": method, "params": params})

    def _handle(self, msg: dict) -> dict | None:
        """Answer server requests; record diagnostics; return responses."""
        if "method" in msg and "id" in msg:
            result = None
            if msg["method"] == "workspace/configuration":
                result = [self.lookup(it.get("section")) for it in msg["params"]["items"]]
            self.send({"id": msg["id"], "result": result})
            return None
        if msg.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[msg["params"]["uri"]] = msg["params"]["diagnostics"]
            return None
        if "id" in msg and "method" not in msg:
            return msg
        return None

    def pump(self, until, what: str):
        deadline = time.monotonic() + TIMEOUT
        while True:
            got = until()
            if got:
                return got
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"timed out after {TIMEOUT:.0f} s waiting for {what}")
            try:
                msg = self.inbox.get(timeout=left)
            except queue.Empty:
                continue
            if msg is None:
                raise RuntimeError(f"server exited (code {self.proc.poll()}) while waiting for {what}; stderr:\n{self.stderr.decode(errors='replace')}")
            resp = self._handle(msg)
            if resp is not None:
                self._responses[resp["id"]] = resp

    def request(self, method: str, params: object) -> dict:
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        return self.pump(lambda: self._responses.pop(rid, None), f"the {method} response")

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None)
                self.notify("exit", None)
                self.proc.wait(timeout=5)
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def readme_helix_toml() -> str | None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"^## Editors\b(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        return None
    section = re.search(r"^### Helix\b(.*?)(?=^### |\Z)", m.group(1), re.M | re.S)
    if not section:
        return None
    block = re.search(r"^```toml\n(.*?)^```", section.group(1), re.M | re.S)
    return block.group(1) if block else None


def session(argv: list[str], config: object, cases: list, label: str) -> None:
    """Start the server as Helix does, initialize, open drafts, check diagnostics."""
    lsp = Lsp(argv, config)
    try:
        root = REPO.as_uri()
        init = lsp.request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "helix", "version": "test"},
                "rootUri": root,
                "rootPath": str(REPO),
                "workspaceFolders": [{"uri": root, "name": REPO.name}],
                "initializationOptions": config,
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False}, "workspaceFolders": True},
                    "textDocument": {
                        "publishDiagnostics": {"versionSupport": True},
                        "hover": {"contentFormat": ["markdown"]},
                        "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["", "quickfix"]}}},
                    },
                    "general": {"positionEncodings": ["utf-8", "utf-32", "utf-16"]},
                },
            },
        )
        caps = (init.get("result") or {}).get("capabilities")
        if not check(isinstance(caps, dict), f"[{label}] the server answers initialize with capabilities", init):
            return
        check(bool(caps.get("textDocumentSync")), f"[{label}] it syncs documents", caps.get("textDocumentSync"))
        check(bool(caps.get("hoverProvider")), f"[{label}] it offers hover")
        encoding = caps.get("positionEncoding", "utf-16")
        lsp.notify("initialized", {})
        if config is not None:
            lsp.notify("workspace/didChangeConfiguration", {"settings": config})

        for name, lang, code, line, extra in cases:
            path = REPO / "tests" / "eval" / name
            uri = path.as_uri()
            lang_id = lang.get("language-id", lang.get("name", "text"))
            lsp.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": lang_id, "version": 0, "text": path.read_text(encoding="utf-8")}})
            what = f"[{label}] {name} ({lang_id}): {code} on line {line + 1}"
            try:
                def found():
                    ds = lsp.diagnostics.get(uri, [])
                    hit = next((d for d in ds if d.get("code") == code and d["range"]["start"]["line"] == line), None)
                    return hit if hit and (extra is None or extra(ds)) else None
                d = lsp.pump(found, what)
                check(d.get("source") == "copydesk", f"{what}, source copydesk (position encoding {encoding})", d)
            except TimeoutError as e:
                check(False, what, f"{e}; got {[(d.get('code'), d['range']['start']['line'] + 1, d.get('severity')) for d in lsp.diagnostics.get(uri, [])]}")
    except (TimeoutError, RuntimeError) as e:
        check(False, f"[{label}] talking to the server", e)
    finally:
        lsp.close()


def main() -> int:
    raw = CONFIG.read_text(encoding="utf-8")
    try:
        cfg = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as e:
        check(False, "languages.toml parses as TOML", e)
        return 1
    check(True, "languages.toml parses as TOML")

    # --- Shape -------------------------------------------------------------
    servers = cfg.get("language-server", {})
    server = servers.get("copydesk")
    if not check(isinstance(server, dict), "[language-server.copydesk] is defined", list(servers)):
        return 1
    command, args = server.get("command"), server.get("args", [])
    check(isinstance(command, str) and command, "it names a command", command)
    check(isinstance(args, list) and all(isinstance(a, str) for a in args), "its args are a list of strings", args)

    langs = {lang.get("name"): lang for lang in cfg.get("language", [])}
    md = langs.get("markdown")
    if check(md is not None, "a [[language]] named markdown"):
        names = server_names(md)
        check("copydesk" in names, "markdown uses copydesk", names)
        check(all(s in names for s in HELIX_DEFAULT_MARKDOWN_SERVERS), f"markdown keeps Helix's default servers {HELIX_DEFAULT_MARKDOWN_SERVERS}", names)
    txt = [lang for lang in cfg.get("language", []) if "txt" in lang.get("file-types", [])]
    if check(len(txt) == 1, "exactly one [[language]] claims the txt file type", txt):
        t = txt[0]
        check("copydesk" in server_names(t), f"the {t.get('name')} language uses copydesk", server_names(t))
        # A language Helix does not ship must say what it is.
        for key in ("name", "scope", "file-types"):
            check(key in t, f"the {t.get('name')} language has {key}")
    for lang in cfg.get("language", []):
        for n in server_names(lang):
            if n not in HELIX_DEFAULT_MARKDOWN_SERVERS:
                check(n in servers, f"language server {n!r} used by {lang.get('name')} is defined")

    # --- The named command starts the server --------------------------------
    exe = shutil.which(command) if command else None
    expected = pathlib.Path(os.environ.get("COPYDESK_BIN") or REPO / "target" / "release" / "copydesk")
    if not check(exe is not None, f"command {command!r} is on PATH"):
        return 1
    check(pathlib.Path(exe).resolve() == expected.resolve(), f"{command!r} on PATH is the one under test ({expected})", exe)

    # Helix sends the language name as languageId unless language-id is set.
    cases = [
        ("02-troops-quit.md", md or {}, "name-spelling", 4, None),
        ("04-kremlin-brief.txt", txt[0] if txt else {}, "name-spelling", 2, None),
    ]
    session([exe, *args], server.get("config"), cases, "as configured")

    # The example `config.copydesk = {...}` from the comments, uncommented as
    # it is (no placeholder may break it): its settings must take effect.
    example = re.search(r"^# (config\.copydesk = .*)$", raw, re.M)
    if check(example is not None, "languages.toml shows an example config.copydesk line"):
        ex = tomllib.loads(example.group(1))["config"]
        known = {"corpus", "severity", "disabledCodes", "debounceMs", "attributionScope"}
        check(set(ex["copydesk"]) <= known, f"the example uses only the server's setting names {sorted(known)}", sorted(ex["copydesk"]))
        for folder in ex["copydesk"].get("corpus", []):
            check(pathlib.Path(folder).expanduser().is_dir(), f"the example's corpus folder {folder} exists (else uncommenting it breaks the checks)")
        disabled = ex["copydesk"].get("disabledCodes", [])
        sev = {"error": 1, "warning": 2, "information": 3, "hint": 4}[ex["copydesk"]["severity"]["name-spelling"]]
        cases = [("02-troops-quit.md", md or {}, "name-spelling", 4,
                  lambda ds: all(d.get("code") not in disabled for d in ds) and any(d.get("code") == "name-spelling" and d.get("severity") == sev for d in ds))]
        session([exe, *args], ex, cases, f"with the example config (disabledCodes {disabled}, name-spelling severity {sev})")

    # --- README -------------------------------------------------------------
    block = readme_helix_toml()
    if check(block is not None, "README.md has a ```toml block under ## Editors / ### Helix"):
        norm = lambda s: "\n".join(line.rstrip() for line in s.strip().splitlines())
        check(norm(block) == norm(raw), "README's Helix block is exactly editors/helix/languages.toml",
              "\n".join(__import__("difflib").unified_diff(norm(raw).splitlines(), norm(block).splitlines(), "languages.toml", "README.md", lineterm="")))

    print(f"{'FAILED' if failures else 'passed'}: helix ({len(failures)} failure(s))")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
