import { writeStdout } from "../io.js";
import { canonicalJson } from "@segform/plan";
import { CliError, EXIT } from "../errors.js";
import { openState, rootOf, withDeployErrors } from "../deploy.js";
import { count, projectFile } from "../project.js";
import { envelope } from "../envelope.js";

export interface StateOptions {
  state?: string;
  project?: string;
  json?: boolean;
}

/** `segform state list`: per destination, what segform believes it holds (serial, records, failed, unfinished apply). */
export async function stateListCommand(options: StateOptions): Promise<number> {
  return withDeployErrors(async () => {
    const backend = await openState(options.state, options.state ? "." : rootOf(projectFile(options.project)));
    const rows = [];
    for (const name of await backend.list()) {
      const state = await backend.load(name);
      rows.push({
        destination: name,
        serial: state.point.serial,
        records: state.records.size,
        failed: state.failed.size,
        unfinishedBatches: state.pending.length,
        lastPlan: state.lastPlan,
      });
    }
    const lock = await backend.currentLock();
    const json = envelope();
    if (json) {
      json.result = JSON.parse(canonicalJson({ location: backend.location, lock: lock ?? null, destinations: rows }));
      return EXIT.ok;
    }
    const lines = [
      `state at ${backend.location}${lock ? ` (locked by ${lock.owner}, pid ${lock.pid}, since ${lock.startedAt}, lock id ${lock.id})` : ""}`,
    ];
    if (!rows.length) lines.push("  no destination has been applied yet");
    for (const row of rows) {
      const extra = [
        row.failed ? `${row.failed} in the failed-record index` : "",
        row.unfinishedBatches ? `${row.unfinishedBatches} batches of an unfinished apply` : "",
      ].filter(Boolean);
      lines.push(
        `  ${row.destination}: serial ${row.serial}, ${count(row.records, "record")}${extra.length ? `, ${extra.join(", ")}` : ""}`,
      );
    }
    await writeStdout(lines.join("\n") + "\n");
    return EXIT.ok;
  });
}

/** `segform state show KEY`: the record segform last sent for one account, per destination. */
export async function stateShowCommand(key: string, options: StateOptions & { destination?: string }): Promise<number> {
  return withDeployErrors(async () => {
    const backend = await openState(options.state, options.state ? "." : rootOf(projectFile(options.project)));
    const names = (await backend.list()).filter((name) => !options.destination || name === options.destination);
    if (options.destination && !names.length)
      throw new CliError(
        EXIT.input,
        `no state for destination ${options.destination} at ${backend.location}`,
        "run segform state list",
      );
    const found = [];
    for (const name of names) {
      const state = await backend.load(name);
      const record = state.records.get(key);
      const failed = state.failed.get(key);
      if (record || failed) found.push({ destination: name, record: record ?? null, failed: failed ?? null });
    }
    const json = envelope();
    if (json) json.result = JSON.parse(canonicalJson({ key, destinations: found }));
    else if (!found.length)
      await writeStdout(`${key}: no destination holds a record for it (per the state at ${backend.location})\n`);
    else {
      const lines: string[] = [];
      for (const { destination, record, failed } of found) {
        lines.push(`${destination}:`);
        if (record) {
          lines.push(`  segment ${record.segment ?? "none"}, tier ${record.tier ?? "none"}, hash ${record.hash}`);
          for (const field of Object.keys(record.values).sort())
            lines.push(`  ${field}: ${JSON.stringify(record.values[field])}`);
        }
        if (failed) lines.push(`  rejected last time: ${failed} (retried first by the next apply)`);
      }
      await writeStdout(lines.join("\n") + "\n");
    }
    return found.length ? EXIT.ok : EXIT.check;
  });
}
