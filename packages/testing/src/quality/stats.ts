/**
 * The hypothesis tests behind the separation bars. The test statistics are computed here; the distributions come
 * from @stdlib (normal and chi-square CDFs), so no tail probability is hand-rolled.
 *
 * Degenerate inputs (no variation at all: every deal won, every amount equal) give a statistic of 0 and p = 1:
 * there is no evidence of a difference, which is what the bars need to hear.
 */
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";

/** Two-sided p-value of a standard normal statistic: P(|Z| >= |z|). */
export function normalTwoSidedP(z: number): number {
  // The lower tail at -|z| keeps full precision for large |z| (1 - cdf would round to 0 early).
  return Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
}

/** Upper-tail p-value of a chi-square statistic: P(X >= statistic) with `degreesOfFreedom`. */
export function chiSquareUpperP(statistic: number, degreesOfFreedom: number): number {
  if (!(statistic > 0)) return 1;
  return Math.max(0, 1 - chisquareCdf(statistic, degreesOfFreedom));
}

export interface TwoProportionTest {
  /** successes1 / trials1. */
  rate1: number;
  /** successes2 / trials2. */
  rate2: number;
  /** (successes1 + successes2) / (trials1 + trials2). */
  pooledRate: number;
  /** (rate1 - rate2) / sqrt(pooled * (1 - pooled) * (1/trials1 + 1/trials2)). */
  z: number;
  /** Two-sided. */
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled standard error (the null hypothesis is one common rate), two-sided.
 * z squared equals the Pearson chi-square of the 2 x 2 table without continuity correction.
 */
export function twoProportionZTest(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
): TwoProportionTest {
  checkCount("successes1", successes1, trials1);
  checkCount("successes2", successes2, trials2);
  if (trials1 <= 0 || trials2 <= 0) throw new RangeError("twoProportionZTest: each group needs at least one trial");
  const rate1 = successes1 / trials1;
  const rate2 = successes2 / trials2;
  const pooledRate = (successes1 + successes2) / (trials1 + trials2);
  const variance = pooledRate * (1 - pooledRate) * (1 / trials1 + 1 / trials2);
  // pooled rate 0 or 1: both groups all-success or all-failure, identical rates.
  const z = variance > 0 ? (rate1 - rate2) / Math.sqrt(variance) : 0;
  return { rate1, rate2, pooledRate, z, pValue: variance > 0 ? normalTwoSidedP(z) : 1 };
}

export interface ChiSquareTest {
  /** Pearson's X^2 = sum over cells of (observed - expected)^2 / expected. */
  statistic: number;
  /** (rows - 1) * (2 - 1), over the rows with at least one observation. */
  degreesOfFreedom: number;
  pValue: number;
  /** Rows that entered the test (rows with a zero total are left out: they carry no information). */
  rows: number;
}

/**
 * Pearson chi-square test of independence on a k x 2 table (per segment: [won, lost]), without continuity
 * correction. Needs at least two rows with observations.
 */
export function chiSquareIndependence(table: readonly (readonly [number, number])[]): ChiSquareTest {
  const rows = table.filter(([a, b]) => {
    if (!(a >= 0 && b >= 0 && Number.isFinite(a) && Number.isFinite(b)))
      throw new RangeError("chiSquareIndependence: counts must be finite and non-negative");
    return a + b > 0;
  });
  if (rows.length < 2) throw new RangeError("chiSquareIndependence: needs at least two rows with observations");
  const degreesOfFreedom = rows.length - 1;
  let column0 = 0;
  let column1 = 0;
  for (const [a, b] of rows) {
    column0 += a;
    column1 += b;
  }
  const total = column0 + column1;
  // An empty column (all won or all lost) means every row has the same rate.
  if (column0 === 0 || column1 === 0) return { statistic: 0, degreesOfFreedom, pValue: 1, rows: rows.length };
  let statistic = 0;
  for (const [a, b] of rows) {
    const rowTotal = a + b;
    const expected0 = (rowTotal * column0) / total;
    const expected1 = (rowTotal * column1) / total;
    statistic += (a - expected0) ** 2 / expected0 + (b - expected1) ** 2 / expected1;
  }
  return { statistic, degreesOfFreedom, pValue: chiSquareUpperP(statistic, degreesOfFreedom), rows: rows.length };
}

export interface MannWhitneyTest {
  n1: number;
  n2: number;
  /** Sum of the (average) ranks of sample 1 in the pooled sample. */
  rankSum1: number;
  /** rankSum1 - n1 (n1 + 1) / 2: the number of pairs where sample 1 is larger (ties count one half). */
  u1: number;
  /** n1 n2 - u1. */
  u2: number;
  /** Standardised statistic of u1 (tie-corrected variance; with the continuity correction when asked). */
  z: number;
  /** Two-sided, from the normal approximation. */
  pValue: number;
}

export interface MannWhitneyOptions {
  /**
   * Move |U - n1 n2 / 2| half a unit toward zero before standardising (default true), as R's
   * `wilcox.test(correct = TRUE)` and SciPy's `mannwhitneyu(use_continuity=True)` do by default.
   */
  continuityCorrection?: boolean;
}

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test of two independent samples: tied values get the average of their
 * ranks, the variance of U is corrected for ties, and the p-value is two-sided from the normal approximation
 * (no exact distribution: the bars run on data sets where the approximation holds, and refuse tiny samples).
 */
export function mannWhitneyU(
  sample1: readonly number[],
  sample2: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyTest {
  const n1 = sample1.length;
  const n2 = sample2.length;
  if (n1 === 0 || n2 === 0) throw new RangeError("mannWhitneyU: each sample needs at least one value");
  const pooled: { value: number; first: boolean }[] = [];
  for (const value of sample1) pooled.push({ value: checkFinite(value), first: true });
  for (const value of sample2) pooled.push({ value: checkFinite(value), first: false });
  pooled.sort((a, b) => a.value - b.value);

  const n = n1 + n2;
  let rankSum1 = 0;
  let tieTerm = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && pooled[end]!.value === pooled[start]!.value) end++;
    const tied = end - start;
    // Positions start..end-1 hold ranks start+1..end; each gets their mean.
    const averageRank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) if (pooled[i]!.first) rankSum1 += averageRank;
    tieTerm += tied ** 3 - tied;
    start = end;
  }

  const u1 = rankSum1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const mean = (n1 * n2) / 2;
  const variance = n > 1 ? ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))) : 0;
  if (!(variance > 0)) return { n1, n2, rankSum1, u1, u2, z: 0, pValue: 1 };
  let deviation = u1 - mean;
  if (options.continuityCorrection ?? true) deviation = Math.sign(deviation) * Math.max(0, Math.abs(deviation) - 0.5);
  const z = deviation / Math.sqrt(variance);
  return { n1, n2, rankSum1, u1, u2, z, pValue: normalTwoSidedP(z) };
}

function checkCount(name: string, successes: number, trials: number): void {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`twoProportionZTest: ${name} must be a whole number between 0 and its trials`);
  }
}

function checkFinite(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`mannWhitneyU: ${value} is not a finite number`);
  return value;
}
