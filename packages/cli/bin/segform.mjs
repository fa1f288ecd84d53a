#!/usr/bin/env node
// The workspace's `segform` command (`pnpm segform ...` at the repository root): a committed file, so pnpm links it
// before the first build; it runs the built CLI. The published package bundles its own bin instead.
await import("../dist/bin.js");
