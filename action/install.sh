#!/usr/bin/env bash
# Installs the segform CLI for the action: the published package at a pinned version from npm, or a packed
# tarball (`pnpm release:pack`; how this repository's own workflow tests its changes with `uses: ./`).
# Nothing is built from source. Writes the installed binary's path to $GITHUB_OUTPUT as `bin`.
set -euo pipefail
prefix="$RUNNER_TEMP/segform-cli"
mkdir -p "$prefix"
if [ -n "${PACKAGE:-}" ]; then
  spec="$(cd "$(dirname "$PACKAGE")" && pwd)/$(basename "$PACKAGE")"
else
  spec="segform@${VERSION:?the action needs a segform version}"
fi
npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "$spec"
bin="$prefix/node_modules/.bin/segform"
echo "installed segform $("$bin" --version) from $spec"
echo "bin=$bin" >> "$GITHUB_OUTPUT"
