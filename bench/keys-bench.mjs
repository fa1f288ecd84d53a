// The duplicate-key check over many keys: time and peak memory (RSS) of @segform/data's DuplicateKeyCheck,
// which holds up to 1M keys in a Map and spills to hash-partitioned temporary files past that.
//   node bench/keys-bench.mjs [--keys 10000000] [--duplicates 1000]
import { DuplicateKeyCheck } from "../packages/data/dist/keys.js";

const arg = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const keys = arg("keys", 10_000_000);
const duplicates = arg("duplicates", 1_000);
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const timer = setInterval(sample, 50);
const start = performance.now();
const check = new DuplicateKeyCheck(false);
const every = Math.floor(keys / duplicates);
for (let row = 0; row < keys; row++) {
  // CRM-like ids (18 characters); every `every`-th row repeats an earlier key.
  const id = row % every === every - 1 ? row - 1 : row;
  check.add(`0015g${id.toString(36).padStart(13, "0")}`, row, row + 2);
  if ((row & 0xffff) === 0) sample();
}
const found = check.finish();
clearInterval(timer);
sample();
console.log(
  `${keys.toLocaleString("en-US")} keys: ${found.count} duplicates found (expected ${Math.floor(keys / every)}), ${((performance.now() - start) / 1000).toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB`,
);
