import { describe, expect, it } from "vitest";
import { chiSquareIndependence, chiSquareUpperP, mannWhitneyU, normalTwoSidedP, twoProportionZTest } from "./stats.js";

describe("distribution tails (textbook table values)", () => {
  it("normal: two-sided p at the tabulated quantiles", () => {
    // Standard normal table: z(0.975) = 1.959964, z(0.995) = 2.575829; Phi(1) = 0.841345 so P(|Z| >= 1) = 0.317311.
    expect(normalTwoSidedP(1.959963984540054)).toBeCloseTo(0.05, 10);
    expect(normalTwoSidedP(-2.5758293035489)).toBeCloseTo(0.01, 10);
    expect(normalTwoSidedP(1)).toBeCloseTo(0.317311, 6);
    expect(normalTwoSidedP(0)).toBe(1);
  });

  it("chi-square: upper tail at the tabulated critical values", () => {
    // Chi-square table, alpha = 0.05: df 1 -> 3.841459, df 3 -> 7.814728; alpha = 0.01, df 2 -> 9.210340.
    expect(chiSquareUpperP(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquareUpperP(7.814727903251178, 3)).toBeCloseTo(0.05, 10);
    expect(chiSquareUpperP(9.210340371976182, 2)).toBeCloseTo(0.01, 10);
    expect(chiSquareUpperP(0, 3)).toBe(1);
  });
});

describe("twoProportionZTest", () => {
  // Physicians' Health Study (aspirin and myocardial infarction), Agresti, "An Introduction to Categorical Data
  // Analysis", 2nd ed., Table 2.3: placebo 189 MI of 11,034; aspirin 104 of 11,037. Agresti reports z = 5.00 and
  // Pearson X^2 = 25.01. By hand: pooled = 293/22071 = 0.013275; rates 0.017129, 0.009423; z = 5.001388.
  it("reproduces the aspirin study", () => {
    const result = twoProportionZTest(189, 11034, 104, 11037);
    expect(result.rate1).toBe(189 / 11034);
    expect(result.rate2).toBe(104 / 11037);
    expect(result.pooledRate).toBe(293 / 22071);
    expect(result.pooledRate).toBeCloseTo(0.013275, 6);
    expect(result.z).toBeCloseTo(5.001388, 6);
    expect(result.z ** 2).toBeCloseTo(25.013884, 5);
    // 2 * (1 - Phi(5.001388)) = 5.691897e-7
    expect(result.pValue / 5.691897e-7).toBeCloseTo(1, 6);
  });

  it("is symmetric in its groups and equals the 2 x 2 chi-square", () => {
    const forward = twoProportionZTest(189, 11034, 104, 11037);
    const backward = twoProportionZTest(104, 11037, 189, 11034);
    expect(backward.z).toBeCloseTo(-forward.z, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 15);
    const table = chiSquareIndependence([
      [189, 11034 - 189],
      [104, 11037 - 104],
    ]);
    expect(table.statistic).toBeCloseTo(forward.z ** 2, 9);
    expect(table.pValue / forward.pValue).toBeCloseTo(1, 6);
  });

  it("gives z = 0 and p = 1 when both groups are all-won or all-lost", () => {
    expect(twoProportionZTest(5, 5, 9, 9)).toEqual({ rate1: 1, rate2: 1, pooledRate: 1, z: 0, pValue: 1 });
    expect(twoProportionZTest(0, 5, 0, 9)).toEqual({ rate1: 0, rate2: 0, pooledRate: 0, z: 0, pValue: 1 });
  });

  it("refuses impossible counts", () => {
    expect(() => twoProportionZTest(6, 5, 1, 2)).toThrow(RangeError);
    expect(() => twoProportionZTest(0, 0, 1, 2)).toThrow(RangeError);
  });
});

describe("chiSquareIndependence", () => {
  // R documentation of prop.test (data from Fleiss, "Statistical Methods for Rates and Proportions", 1981, p. 139):
  // smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82); prop.test(smokers, patients)
  // prints "X-squared = 12.6, df = 3, p-value = 0.005585". Full precision (SciPy chi2_contingency, correction=False):
  // X^2 = 12.600411, p = 0.00558548.
  it("reproduces the Fleiss smokers example (4 x 2)", () => {
    const smokers = [83, 90, 129, 70];
    const patients = [86, 93, 136, 82];
    const result = chiSquareIndependence(smokers.map((s, i) => [s, patients[i]! - s] as const));
    expect(result.statistic).toBeCloseTo(12.600411, 6);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.rows).toBe(4);
    expect(result.pValue).toBeCloseTo(0.0055855, 7);
  });

  it("leaves out rows without observations", () => {
    const result = chiSquareIndependence([
      [83, 3],
      [0, 0],
      [90, 3],
      [129, 7],
      [70, 12],
    ]);
    expect(result.degreesOfFreedom).toBe(3);
    expect(result.statistic).toBeCloseTo(12.600411, 6);
  });

  it("gives 0 and p = 1 when a column is empty", () => {
    expect(
      chiSquareIndependence([
        [4, 0],
        [7, 0],
      ]),
    ).toEqual({ statistic: 0, degreesOfFreedom: 1, pValue: 1, rows: 2 });
  });

  it("needs two rows", () => {
    expect(() => chiSquareIndependence([[3, 4]])).toThrow(RangeError);
  });
});

describe("mannWhitneyU", () => {
  // Shier, "Statistics: 2.3 The Mann-Whitney U Test" (Mathematics Learning Support Centre, 2004), as worked in the
  // SciPy documentation of mannwhitneyu: ages at diagnosis, males [19, 22, 16, 29, 24], females [20, 11, 17, 12].
  // U_M = 17; the asymptotic two-sided p with continuity correction is 0.11134688653314041 (SciPy docs).
  // By hand: mean 10, variance 5*4*10/12 = 16.6667, z = (17 - 10 - 0.5) / 4.082483 = 1.592168.
  it("reproduces Shier's diagnosis-age example (no ties)", () => {
    const result = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12]);
    expect(result.u1).toBe(17);
    expect(result.u2).toBe(3);
    expect(result.rankSum1).toBe(32);
    expect(result.z).toBeCloseTo(1.592168, 6);
    expect(result.pValue).toBeCloseTo(0.1113468865, 9);
    // Without continuity correction: z = 7 / 4.082483 = 1.714643, p = 0.086411.
    const uncorrected = mannWhitneyU([19, 22, 16, 29, 24], [20, 11, 17, 12], { continuityCorrection: false });
    expect(uncorrected.z).toBeCloseTo(1.714643, 6);
    expect(uncorrected.pValue).toBeCloseTo(0.0864107, 7);
  });

  // R documentation of wilcox.test: wilcox.test(Ozone ~ Month, data = airquality, subset = Month %in% c(5, 8))
  // prints "W = 127.5, p-value = 0.0001208" (normal approximation with tie and continuity corrections).
  // Ozone in May and August 1973, missing days dropped (26 values each); many tied values.
  const may = [41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45, 115, 37];
  const august = [
    39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76, 118, 84, 85,
  ];

  it("reproduces R's airquality example (ties, continuity correction)", () => {
    const result = mannWhitneyU(may, august);
    expect(result.n1).toBe(26);
    expect(result.n2).toBe(26);
    expect(result.u1).toBe(127.5);
    expect(result.u2).toBe(548.5);
    expect(result.pValue).toBeCloseTo(0.00012081, 8);
    // The same data without the continuity correction (SciPy use_continuity=False): p = 0.00011638.
    expect(mannWhitneyU(may, august, { continuityCorrection: false }).pValue).toBeCloseTo(0.00011638, 8);
  });

  it("is symmetric in its samples", () => {
    const forward = mannWhitneyU(may, august);
    const backward = mannWhitneyU(august, may);
    expect(backward.u1).toBe(forward.u2);
    expect(backward.z).toBeCloseTo(-forward.z, 12);
    expect(backward.pValue).toBeCloseTo(forward.pValue, 15);
  });

  // Hand-computed ties: pooled [1, 2, 2, 2, 3, 5] ranks 1, 3, 3, 3, 5, 6; sample 1 = {1, 2, 3} has ranks 1 + 3 + 5 = 9,
  // U1 = 9 - 6 = 3, mean 4.5; tie term (3^3 - 3) = 24, variance = 9/12 * (7 - 24/30) = 4.65;
  // z = (3 - 4.5 + 0.5) / sqrt(4.65) = -0.463739.
  it("averages tied ranks and corrects the variance for ties", () => {
    const result = mannWhitneyU([1, 2, 3], [2, 2, 5]);
    expect(result.rankSum1).toBe(9);
    expect(result.u1).toBe(3);
    expect(result.z).toBeCloseTo(-0.463739, 6);
    expect(result.pValue).toBeCloseTo(normalTwoSidedP(-1 / Math.sqrt(4.65)), 12);
  });

  it("gives z = 0 and p = 1 when every value is the same", () => {
    const result = mannWhitneyU([5, 5, 5], [5, 5]);
    expect(result.u1).toBe(3);
    expect(result.z).toBe(0);
    expect(result.pValue).toBe(1);
  });

  it("refuses empty samples and non-finite values", () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
    expect(() => mannWhitneyU([Number.NaN], [1])).toThrow(RangeError);
  });
});
