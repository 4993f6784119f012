// Per-level statistics for interpolated Witten-Bell and modified Kneser-Ney smoothing of a context tree.
// Pure arithmetic on the tree's arrays; walking a history to its context nodes lives in markov-model.ts.

import type { ContextTreeArrays } from './context-tree.js';

/** How next-token probabilities are formed from the counts. */
export type Smoothing = 'none' | 'witten-bell' | 'kneser-ney';

/** The smoothing names accepted by the API, in documentation order. */
export const SMOOTHINGS: readonly Smoothing[] = ['none', 'witten-bell', 'kneser-ney'];

/** Modified Kneser-Ney discounts D1, D2, D3+ for one context length, per Chen & Goodman (1998). */
export interface Discounts {
  readonly d1: number;
  readonly d2: number;
  readonly d3: number;
}

/** Everything the smoothed estimators need per node, derived once from the tree. */
export interface SmoothingStats {
  /** Context length of every node (nodes are laid out by depth, so this is non-decreasing). */
  readonly depth: Uint8Array;
  /** Σ count over the node's successors: c(h). */
  readonly total: Int32Array;
  /** Σ continuation count over the node's successors. */
  readonly continuationTotal: Int32Array;
  /** Σ_w D(c(h,w)) with raw counts: the mass Kneser-Ney hands down when this node is the top level. */
  readonly discountedMass: Float64Array;
  /** The same with continuation counts, for this node as a lower level. */
  readonly continuationDiscountedMass: Float64Array;
  /** Discounts per context length (index = depth) for raw counts … */
  readonly discounts: readonly Discounts[];
  /** … and for continuation counts. */
  readonly continuationDiscounts: readonly Discounts[];
}

/** The depth (context length) of every node, from the breadth-first layout. */
export function nodeDepths(tree: ContextTreeArrays): Uint8Array {
  const nodeCount = tree.childStart.length - 1;
  const depth = new Uint8Array(nodeCount);
  for (let parent = 0; parent < nodeCount; parent++) {
    for (let child = tree.childStart[parent]!; child < tree.childStart[parent + 1]!; child++) {
      depth[child] = depth[parent]! + 1;
    }
  }
  return depth;
}

/**
 * Chen & Goodman's estimate from count-of-counts n1…n4: Y = n1/(n1+2n2), D1 = 1−2Y·n2/n1,
 * D2 = 2−3Y·n3/n2, D3+ = 3−4Y·n4/n3; each clamped to [0, c] so probabilities stay non-negative.
 * With too few counts to estimate (a tiny text), falls back to D = 0.5 for the missing ones.
 */
export function estimateDiscounts(n1: number, n2: number, n3: number, n4: number): Discounts {
  const fallback = 0.5;
  if (n1 === 0 || n2 === 0) return { d1: fallback, d2: fallback, d3: fallback };
  const y = n1 / (n1 + 2 * n2);
  const clamp = (value: number, max: number) =>
    Number.isFinite(value) ? Math.min(max, Math.max(0, value)) : fallback;
  const d1 = clamp(1 - (2 * y * n2) / n1, 1);
  const d2 = clamp(2 - (3 * y * n3) / n2, 2);
  const d3 = n3 === 0 ? fallback : clamp(3 - (4 * y * n4) / n3, 3);
  return { d1, d2, d3 };
}

/** The discount for a count under the given discounts (0 for a zero count). */
export function discountFor(count: number, discounts: Discounts): number {
  if (count === 0) return 0;
  if (count === 1) return discounts.d1;
  if (count === 2) return discounts.d2;
  return discounts.d3;
}

/** Derive totals, discounts and discounted masses for every node of the tree. */
export function computeSmoothingStats(tree: ContextTreeArrays, order: number): SmoothingStats {
  const { entryStart, entryCount, entryContinuation } = tree;
  const nodeCount = entryStart.length - 1;
  const depth = nodeDepths(tree);
  const rawCounts = new Float64Array((order + 1) * 4);
  const continuationCounts = new Float64Array((order + 1) * 4);
  const tally = (table: Float64Array, d: number, count: number) => {
    if (count >= 1 && count <= 4) table[d * 4 + count - 1]! += 1;
  };
  for (let node = 0; node < nodeCount; node++) {
    const d = depth[node]!;
    for (let e = entryStart[node]!; e < entryStart[node + 1]!; e++) {
      tally(rawCounts, d, entryCount[e]!);
      tally(continuationCounts, d, entryContinuation[e]!);
    }
  }
  const perDepth = (table: Float64Array) =>
    Array.from({ length: order + 1 }, (_, d) =>
      estimateDiscounts(table[d * 4]!, table[d * 4 + 1]!, table[d * 4 + 2]!, table[d * 4 + 3]!),
    );
  const discounts = perDepth(rawCounts);
  const continuationDiscounts = perDepth(continuationCounts);

  const total = new Int32Array(nodeCount);
  const continuationTotal = new Int32Array(nodeCount);
  const discountedMass = new Float64Array(nodeCount);
  const continuationDiscountedMass = new Float64Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) {
    const raw = discounts[depth[node]!]!;
    const cont = continuationDiscounts[depth[node]!]!;
    let sum = 0;
    let continuationSum = 0;
    let mass = 0;
    let continuationMass = 0;
    for (let e = entryStart[node]!; e < entryStart[node + 1]!; e++) {
      const count = entryCount[e]!;
      const continuation = entryContinuation[e]!;
      sum += count;
      continuationSum += continuation;
      mass += discountFor(count, raw);
      continuationMass += discountFor(continuation, cont);
    }
    total[node] = sum;
    continuationTotal[node] = continuationSum;
    discountedMass[node] = mass;
    continuationDiscountedMass[node] = continuationMass;
  }
  return {
    depth,
    total,
    continuationTotal,
    discountedMass,
    continuationDiscountedMass,
    discounts,
    continuationDiscounts,
  };
}
