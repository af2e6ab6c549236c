#!/usr/bin/env bash
# Runs sextant --check --format sarif on a copy of a fixture workspace and validates the log
# against the SARIF 2.1.0 schema; also proves the validator rejects an invalid log.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixture=$1
[[ -d "$here/node_modules/ajv" ]] || { echo "tests/sarif: npm dependencies missing (run scripts/setup)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$fixture" "$tmp/ws"
set +e
"$SEXTANT" --check "$tmp/ws" --quiet --format sarif --output "$tmp/out.sarif"
status=$?
set -e
[[ $status == 1 ]] || { echo "expected exit 1 (findings), got $status" >&2; exit 1; }
node "$here/validate.mjs" "$tmp/out.sarif"
echo '{"version": "2.1.0", "runs": [{"tool": {}}]}' > "$tmp/bad.sarif"
if node "$here/validate.mjs" "$tmp/bad.sarif" 2>/dev/null; then
  echo "the validator accepted an invalid log" >&2
  exit 1
fi
echo "1 passed, 0 failed"
