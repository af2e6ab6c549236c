#!/usr/bin/env bash
# The VS Code extension's checks: strict type-check and build (tsc), lint (eslint), the Node tests
# against a real sextant (node:test + vscode-jsonrpc), and optionally the .vsix.
# Usage: editors/vscode/test/run.sh [SEXTANT_BINARY] [VSIX_OUT]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
SEXTANT_PATH="$(realpath "${1:-${SEXTANT_PATH:-$here/../../build/sextant}}")"
export SEXTANT_PATH
vsix="${2:+$(realpath -m "$2")}"
cd "$here"
if [[ ! -x node_modules/.bin/tsc ]]; then
  echo "vscode test: editors/vscode/node_modules is missing: run scripts/setup" >&2
  exit 1
fi
bin=node_modules/.bin
echo "vscode test: tsc"
"$bin/tsc" -p .
echo "vscode test: eslint"
"$bin/eslint" --max-warnings 0 .
echo "vscode test: node --test (sextant: $SEXTANT_PATH)"
timeout 60 node --test --test-reporter=spec out/test/
if [[ -n "$vsix" ]]; then
  echo "vscode test: vsce package -> $vsix"
  timeout 120 "$bin/vsce" package --allow-missing-repository --skip-license --out "$vsix"
fi
