#!/usr/bin/env bash
# Editor integration tests: VS Code, Neovim and Helix, each against the real
# `copydesk lsp` (target/release/copydesk). Runs all three and exits non-zero
# if any fails.
#
#   editors/test.sh              # all
#   editors/test.sh vscode helix # some
#
# Needs Rust, Node 20+/npm, Python 3.11+ and (for Neovim) apt to install
# Debian's neovim when nvim is missing. COPYDESK_TEST_TIMEOUT_MS sets the
# per-step wait (default 30000).
set -uo pipefail

cd "$(dirname "$0")/.."
REPO="$PWD"
START=$SECONDS

section() { printf '\n=== %s ===\n' "$*"; }

# Build the server when it is missing or older than its sources. (In CI,
# `cargo test --release` has just built it; building again with different
# dev-dependency feature unification would cost minutes for nothing.)
BIN=target/release/copydesk
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
export PATH="$REPO/target/release:$PATH"
echo "using $(command -v copydesk)"

run_vscode() {
  section "VS Code (editors/vscode)"
  (
    set -e
    cd editors/vscode
    npm ci --no-audit --no-fund
    npm run build
    npm test
    rm -f copydesk.vsix
    npm run package
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
  )
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
  nvim --version | head -n 1
  local home
  home="$(mktemp -d)"
  # A throwaway home so no user config, plugins, state or logs leak in or out.
  local rc=0 t
  # init.lua: end to end against the server on this Neovim. strategies.lua:
  # what the plugin hands to the 0.8-0.10 and 0.11+ APIs (stood in for).
  for t in init strategies; do
    echo "--- nvim -u editors/neovim/test/$t.lua"
    XDG_CONFIG_HOME="$home/config" XDG_DATA_HOME="$home/data" XDG_STATE_HOME="$home/state" XDG_CACHE_HOME="$home/cache" \
      timeout 300 nvim --headless --clean -u "editors/neovim/test/$t.lua"
    local r=$?
    [ $r -eq 124 ] && echo "FAILED: nvim did not exit within 300 s" >&2
    [ $r -ne 0 ] && rc=$r
  done
  rm -rf "$home"
  return $rc
}

run_helix() {
  section "Helix (editors/helix)"
  timeout 300 python3 editors/helix/test_helix.py
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
