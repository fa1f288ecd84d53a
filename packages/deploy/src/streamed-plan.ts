import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { privateTempDir } from "@segform/data";
import { compareCodePoints } from "@segform/engine";
import { canonicalJson, type Plan } from "@segform/plan";
import { planFrame, type SelectedDestination } from "./deploy-plan.js";
import { overlayOf } from "./journal.js";
import type { Action, DeployPlan, DestinationPlan, SkippedDestination, StateRecord } from "./model.js";
import { actionCount, actionJson, canonicalFrame, headerOf, LineReader, trailerLine } from "./planfile.js";
import { DestinationPlanner } from "./planner.js";
import { SHOWN_PER_KIND } from "./render/text.js";
import { SORT_TEMP_PREFIX, type SortedAccounts } from "./sorted-accounts.js";
import type { StateBackend } from "./state/backend.js";

export interface StreamedPlanInput {
  definitions: Plan;
  /** The accounts, added and finished (`SortedAccounts.finish`). */
  accounts: SortedAccounts;
  selected: SelectedDestination[];
  skipped: SkippedDestination[];
  backend: StateBackend;
  data: string;
  asOf: string;
  root: string;
}

/**
 * A plan whose actions were written to temporary files as they were decided: `plan` is the plan with, per
 * destination, only the first few actions of each kind (what the text and markdown views show) and its hash (of
 * every action); `retried` counts each destination's retried actions; `write` writes the plan file (the bytes
 * `deployPlanFileParts` gives for the whole plan); `close` removes the temporary files.
 */
export interface StreamedPlan {
  plan: DeployPlan;
  retried: Map<string, number>;
  write(out: { write(chunk: string): Promise<void> }): Promise<void>;
  /** Every action of a destination, in the plan's order (for views that list them all). */
  actions(destination: number): AsyncGenerator<Action>;
  close(): Promise<void>;
}

/** One destination's actions on disk: those retried first (rejected last time), then the others. */
interface Spooled {
  files: [string, string];
  retried: number;
}

/**
 * The deploy plan with bounded memory: per destination, the accounts in key order (`SortedAccounts`) merged with
 * the state's records (streamed in key order), each action written to a temporary file as it is decided; then the
 * hash from those files. Memory holds the sorted accounts' current run, not the plan.
 */
export async function buildStreamedPlan(input: StreamedPlanInput): Promise<StreamedPlan> {
  const dir = privateTempDir(SORT_TEMP_PREFIX);
  try {
    const destinations: DestinationPlan[] = [];
    const spooled: Spooled[] = [];
    for (let d = 0; d < input.selected.length; d++) {
      const destination = input.selected[d]!;
      const files: [string, string] = [join(dir.path, `${d}-retry.jsonl`), join(dir.path, `${d}-actions.jsonl`)];
      const writers = [new LineWriter(files[0]), new LineWriter(files[1])] as const;
      const shown: [Action[], Action[]] = [[], []];
      const shownOf = { create: [0, 0], update: [0, 0], remove: [0, 0] };
      let retried = 0;
      const head = await input.backend.head(destination.name);
      const position = input.accounts.destinations.indexOf(destination.name);
      const planner = new DestinationPlanner({
        ...destination,
        definitions: input.definitions.hash,
        desired: [],
        point: head.point,
        failed: head.failed,
        whereabouts: new Map(),
        sink: (action) => {
          const group = action.retry ? 0 : 1;
          if (group === 0) retried++;
          writers[group].line(actionJson(action));
          if (shownOf[action.action][group]! < SHOWN_PER_KIND) {
            shownOf[action.action][group]!++;
            shown[group].push(action);
          }
        },
      });
      const state = input.backend.scan(destination.name, overlayOf(head.pending))[Symbol.asyncIterator]();
      let held = (await state.next()).value as StateRecord | undefined;
      for await (const batch of input.accounts.accounts()) {
        for (const account of batch) {
          while (held !== undefined && compareCodePoints(held.key, account.key) < 0) {
            planner.step(undefined, held, undefined);
            held = (await state.next()).value as StateRecord | undefined;
          }
          const record = position < 0 ? undefined : account.records[position];
          if (held !== undefined && held.key === account.key) {
            planner.step(record, held, account.place);
            held = (await state.next()).value as StateRecord | undefined;
          } else planner.step(record, undefined, account.place);
        }
        if (writers[0].full || writers[1].full) await drained(writers);
      }
      while (held !== undefined) {
        planner.step(undefined, held, undefined);
        if (writers[0].full || writers[1].full) await drained(writers);
        held = (await state.next()).value as StateRecord | undefined;
      }
      await writers[0].close();
      await writers[1].close();
      const planned = planner.finish();
      destinations.push({ ...planned, actions: [...shown[0], ...shown[1]] });
      spooled.push({ files, retried });
    }
    const unhashed = planFrame(input, destinations);
    const plan: DeployPlan = { ...unhashed, hash: await hashOf(unhashed, spooled) };
    const retried = new Map(input.selected.map((destination, d) => [destination.name, spooled[d]!.retried]));
    return {
      plan,
      retried,
      async write(out) {
        await out.write(canonicalJson(headerOf(plan)) + "\n");
        for (const { files } of spooled)
          for (const file of files)
            for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 16 }))
              await out.write(chunk as string);
        // One line per action, and each action is counted once as a create, update or remove.
        const total = plan.destinations.reduce((sum, destination) => sum + actionCount(destination), 0);
        await out.write(trailerLine(total, plan.hash));
      },
      async *actions(d) {
        for (const file of spooled[d]!.files)
          for await (const line of new LineReader(file).lines()) yield JSON.parse(line) as Action;
      },
      async close() {
        dir.remove();
      },
    };
  } catch (error) {
    dir.remove();
    throw error;
  }
}

async function drained(writers: readonly LineWriter[]): Promise<void> {
  for (const writer of writers) await writer.drained();
}

/**
 * sha256 of the canonical JSON of the plan (as `withDeployHash` computes it): the frame around the actions, and each
 * destination's actions joined with "," read back from its files (their lines are the actions' canonical JSON).
 */
async function hashOf(plan: Omit<DeployPlan, "hash">, spooled: Spooled[]): Promise<string> {
  const hashing = createHash("sha256");
  const frame = canonicalFrame(plan);
  hashing.update(frame.prefix);
  for (let d = 0; d < spooled.length; d++) {
    hashing.update((d ? "," : "") + frame.destinations[d]!.open);
    let comma = false;
    for (const file of spooled[d]!.files) {
      for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 16 })) {
        let text = (chunk as string).replaceAll("\n", ",");
        if (comma) text = "," + text;
        comma = text.endsWith(",");
        hashing.update(comma ? text.slice(0, -1) : text);
      }
    }
    hashing.update(frame.destinations[d]!.close);
  }
  hashing.update(frame.suffix);
  return "sha256:" + hashing.digest("hex");
}

/** Lines to a file, written in chunks of 64 KiB; `drained` waits when the file is behind. */
class LineWriter {
  private readonly stream: WriteStream;
  private chunk = "";
  full = false;
  private error: unknown;

  constructor(path: string) {
    this.stream = createWriteStream(path);
    this.stream.on("error", (error) => {
      this.error = error;
    });
  }

  line(text: string): void {
    this.chunk += text + "\n";
    if (this.chunk.length >= 1 << 16) {
      if (!this.stream.write(this.chunk)) this.full = true;
      this.chunk = "";
    }
  }

  async drained(): Promise<void> {
    if (this.error) throw this.error;
    if (!this.full) return;
    this.full = false;
    await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    if (this.error) throw this.error;
    this.stream.end(this.chunk);
    this.chunk = "";
    await once(this.stream, "close");
    if (this.error) throw this.error;
  }
}
