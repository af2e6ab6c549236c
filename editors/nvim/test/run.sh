#!/usr/bin/env bash
# Headless Neovim test of the plugin against a real sextant, on a temporary copy of
# tests/fixtures/workspace: attach and root detection, index progress, documentSymbol,
# go-to-definition moving the cursor, :SextantCheck filling the quickfix list, :SextantReindex.
# Usage: editors/nvim/test/run.sh [SEXTANT_BINARY]   (default: build/sextant). Bounded to 60 s.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"
sextant="$(realpath "${1:-$repo/build/sextant}")"
if ! command -v nvim >/dev/null; then
  echo "nvim test: nvim not found: run scripts/setup (Debian package neovim)" >&2
  exit 1
fi
if [[ ! -x "$sextant" ]]; then
  echo "nvim test: no sextant binary at $sextant" >&2
  exit 1
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$repo/tests/fixtures/workspace" "$tmp/ws"
echo '{}' > "$tmp/ws/.sextant.json"   # the root marker
echo "nvim test: $(nvim --version | head -1), sextant $sextant"
status=0
# No user config, no shada, no swap files; logs and state inside the temp folder.
XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/cache" \
SEXTANT_BIN="$sextant" SEXTANT_WS="$tmp/ws" SEXTANT_CANNED="$repo/editors/testdata/check.json" \
  timeout -k 5 60 nvim --headless -u NONE -i NONE -n \
    --cmd "set rtp^=$plugin" -c "luafile $here/test.lua" </dev/null || status=$?
if ((status == 124 || status == 137)); then
  echo "nvim test: timed out after 60 s" >&2
elif ((status != 0)); then
  echo "nvim test: failed (exit $status)" >&2
  if [[ -f "$tmp/cache/nvim/lsp.log" ]]; then tail -20 "$tmp/cache/nvim/lsp.log" >&2; fi
  if [[ -f "$tmp/state/nvim/lsp.log" ]]; then tail -20 "$tmp/state/nvim/lsp.log" >&2; fi
fi
exit "$status"
