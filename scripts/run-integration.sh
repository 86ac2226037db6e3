#!/usr/bin/env bash
# `npm run test:integration`: builds the extension and the in-editor suite, copies the fixture
# workspace to a fresh temporary folder and runs the suite inside code-server's real extension
# host (the harness installs code-server on first use). Extra arguments go to the harness
# (e.g. --env BLAST_RADIUS_TEST_GREP=revert, --keep).
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/build.mjs
node scripts/build-integration.mjs

workspace="$(mktemp -d "${TMPDIR:-/tmp}/blast-radius-workspace.XXXXXX")"
trap 'rm -rf "$workspace"' EXIT
# Interrupted (Ctrl-C, or a signal to the process group, as npm run test:stress sends): the harness
# below gets it too, cleans up and exits; this shell then exits as well, removing the workspace.
trap 'exit 130' INT TERM HUP
cp -a test/integration/fixtures/workspace/. "$workspace/"

# tsx relays signals, so an outer timeout reaches the harness (npx would not).
# The watching suites check flagged changes left in place, so holding starts off; the holds suite
# (holds.test.ts) switches it on for itself.
node_modules/.bin/tsx test/harness/run-in-editor.ts --extension . --tests out/integration/index.js --workspace "$workspace" --timeout 900 \
  --setting 'blastRadius.gate.holdChanges=false' "$@"
