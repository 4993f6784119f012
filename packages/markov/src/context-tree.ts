// Counts of (context → next token) for every context length 0…order, stored as a context tree in flat arrays.
// Node = a context read backwards from the predicted position (root = empty context); no smoothing here.

import { PairTable } from './pair-table.js';

/** The flat arrays that define a context tree; exactly what a saved model stores. */
export interface ContextTreeArrays {
  /** Edge label of each node: the token that extends its parent's context one step further back (root: -1). */
  readonly nodeSymbol: Int32Array;
  /** Children of node n are the nodes `childStart[n] … childStart[n+1]-1`, sorted by symbol. Length nodes+1. */
  readonly childStart: Int32Array;
  /** Successor entries of node n are `entryStart[n] … entryStart[n+1]-1`. Length nodes+1. */
  readonly entryStart: Int32Array;
  /** Token that followed the context, sorted within each node. */
  readonly entrySymbol: Int32Array;
  /** How often the token followed the context in the training text. */
  readonly entryCount: Int32Array;
  /**
   * Kneser-Ney continuation count N1+(• context token): how many distinct tokens (or the start of the
   * text) preceded the context+token n-gram.
   */
  readonly entryContinuation: Int32Array;
}

/** Growable Int32Array used during counting. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}

/**
 * Count every (context of length 0…order → next token) pair of `tokenIds`. Positions near the start use
 * the shorter history they have. Time O(length · order) hash operations; memory ~30 bytes per distinct pair.
 */
export function countContexts(tokenIds: ArrayLike<number>, order: number): ContextTreeArrays {
  const length = tokenIds.length;
  // Distinct pairs grow much slower than length·(order+1) on real text; the tables grow when needed.
  const estimate = Math.min(length * (order + 1), length + 1024, 1 << 22);
  const children = new PairTable(estimate / 2);
  const successors = new PairTable(estimate);
  const nodeParent = new IntList(estimate / 2);
  const nodeSymbol = new IntList(estimate / 2);
  const nodeDepth = new IntList(estimate / 2);
  const entryNode = new IntList(estimate);
  const entrySymbol = new IntList(estimate);
  const entryCount = new IntList(estimate);
  const startEntries: number[] = [];
  nodeParent.push(-1);
  nodeSymbol.push(-1);
  nodeDepth.push(0);

  for (let i = 0; i < length; i++) {
    const next = tokenIds[i]!;
    let node = 0;
    const maxDepth = Math.min(i, order);
    for (let depth = 0; ; depth++) {
      const found = successors.getOrInsert(node, next, entryNode.length);
      if (found < 0) {
        entryNode.push(node);
        entrySymbol.push(next);
        entryCount.push(1);
      } else {
        entryCount.data[found]! += 1;
      }
      if (depth === maxDepth) {
        // The whole history t[0…i) is this context: the n-gram is preceded by the start of the text.
        if (i < order) startEntries.push(found < 0 ? -1 - found : found);
        break;
      }
      const symbol = tokenIds[i - depth - 1]!;
      const child = children.getOrInsert(node, symbol, nodeParent.length);
      if (child < 0) {
        nodeParent.push(node);
        nodeSymbol.push(symbol);
        nodeDepth.push(depth + 1);
        node = -1 - child;
      } else {
        node = child;
      }
    }
  }
  return finalize(
    nodeParent.data.subarray(0, nodeParent.length),
    nodeSymbol.data.subarray(0, nodeSymbol.length),
    nodeDepth.data.subarray(0, nodeDepth.length),
    entryNode.data.subarray(0, entryNode.length),
    entrySymbol.data.subarray(0, entrySymbol.length),
    entryCount.data.subarray(0, entryCount.length),
    startEntries,
    order,
  );
}

/** Renumber nodes breadth-first (by depth, parent, symbol) and lay entries out per node, sorted by symbol. */
function finalize(
  parentTmp: Int32Array,
  symbolTmp: Int32Array,
  depthTmp: Int32Array,
  entryNodeTmp: Int32Array,
  entrySymbolTmp: Int32Array,
  entryCountTmp: Int32Array,
  startEntriesTmp: readonly number[],
  order: number,
): ContextTreeArrays {
  const nodeCount = parentTmp.length;
  // Group nodes by depth (counting sort); within a depth, by new parent index then symbol.
  const depthStart = new Int32Array(order + 2);
  for (let n = 0; n < nodeCount; n++) depthStart[depthTmp[n]! + 1]! += 1;
  for (let d = 0; d <= order; d++) depthStart[d + 1]! += depthStart[d]!;
  const byDepth = new Int32Array(nodeCount);
  const cursor = depthStart.slice(0, order + 1);
  for (let n = 0; n < nodeCount; n++) byDepth[cursor[depthTmp[n]!]!++] = n;

  const newIndex = new Int32Array(nodeCount);
  const oldOf = new Int32Array(nodeCount);
  const childStart = new Int32Array(nodeCount + 1);
  newIndex[0] = 0;
  oldOf[0] = 0;
  for (let d = 1; d <= order; d++) {
    const from = depthStart[d]!;
    const to = depthStart[d + 1]!;
    const parentFrom = depthStart[d - 1]!;
    const parentTo = depthStart[d]!;
    // Counting sort of this depth's nodes by their parent's new index.
    const bucket = new Int32Array(parentTo - parentFrom + 1);
    for (let j = from; j < to; j++) bucket[newIndex[parentTmp[byDepth[j]!]!]! - parentFrom + 1]! += 1;
    for (let p = 0; p < parentTo - parentFrom; p++) bucket[p + 1]! += bucket[p]!;
    for (let p = parentFrom; p < parentTo; p++) childStart[p] = from + bucket[p - parentFrom]!;
    const place = bucket.slice();
    for (let j = from; j < to; j++) {
      const old = byDepth[j]!;
      oldOf[from + place[newIndex[parentTmp[old]!]! - parentFrom]!++] = old;
    }
    for (let p = parentFrom; p < parentTo; p++) {
      sortRangeBy(oldOf, symbolTmp, childStart[p]!, from + bucket[p - parentFrom + 1]!);
    }
    for (let j = from; j < to; j++) newIndex[oldOf[j]!] = j;
  }
  // Nodes at the deepest level have no children.
  for (let p = depthStart[order]!; p <= nodeCount; p++) childStart[p] = nodeCount;
  const nodeSymbol = new Int32Array(nodeCount);
  for (let j = 0; j < nodeCount; j++) nodeSymbol[j] = symbolTmp[oldOf[j]!]!;

  // Entries: counting sort by new node index, then by symbol within a node.
  const entryTotal = entryNodeTmp.length;
  const entryStart = new Int32Array(nodeCount + 1);
  for (let e = 0; e < entryTotal; e++) entryStart[newIndex[entryNodeTmp[e]!]! + 1]! += 1;
  for (let n = 0; n < nodeCount; n++) entryStart[n + 1]! += entryStart[n]!;
  const entryPlace = entryStart.slice(0, nodeCount);
  const entryOrder = new Int32Array(entryTotal);
  for (let e = 0; e < entryTotal; e++) entryOrder[entryPlace[newIndex[entryNodeTmp[e]!]!]!++] = e;
  for (let n = 0; n < nodeCount; n++)
    sortRangeBy(entryOrder, entrySymbolTmp, entryStart[n]!, entryStart[n + 1]!);
  const entrySymbol = new Int32Array(entryTotal);
  const entryCount = new Int32Array(entryTotal);
  const newEntryIndex = new Int32Array(entryTotal);
  for (let e = 0; e < entryTotal; e++) {
    const old = entryOrder[e]!;
    entrySymbol[e] = entrySymbolTmp[old]!;
    entryCount[e] = entryCountTmp[old]!;
    newEntryIndex[old] = e;
  }
  const startEntries = startEntriesTmp.map((old) => newEntryIndex[old]!);
  const arrays = { nodeSymbol, childStart, entryStart, entrySymbol, entryCount };
  return { ...arrays, entryContinuation: continuationCounts(arrays, startEntries) };
}

/**
 * N1+(• context token) for every entry: each entry (u·context, token) of a child node adds one to the
 * entry (context, token) of its parent; entries seen at the very start of the text add one for the start.
 */
function continuationCounts(
  tree: Omit<ContextTreeArrays, 'entryContinuation'>,
  startEntries: readonly number[],
): Int32Array {
  const { childStart, entryStart, entrySymbol } = tree;
  const continuation = new Int32Array(entrySymbol.length);
  const nodeCount = childStart.length - 1;
  for (let parent = 0; parent < nodeCount; parent++) {
    const parentFrom = entryStart[parent]!;
    const parentTo = entryStart[parent + 1]!;
    for (let child = childStart[parent]!; child < childStart[parent + 1]!; child++) {
      for (let e = entryStart[child]!; e < entryStart[child + 1]!; e++) {
        const at = searchSorted(entrySymbol, parentFrom, parentTo, entrySymbol[e]!);
        continuation[at]! += 1;
      }
    }
  }
  for (const entry of startEntries) continuation[entry]! += 1;
  return continuation;
}

/** Insertion sort of `items[from…to)` by `key[item]`; ranges here are short (at most the vocabulary). */
function sortRangeBy(items: Int32Array, key: Int32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const item = items[i]!;
    const k = key[item]!;
    let j = i - 1;
    while (j >= from && key[items[j]!]! > k) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = item;
  }
}

/** Index of `value` in the sorted `array[from…to)`, or -1. */
export function searchSorted(array: Int32Array, from: number, to: number, value: number): number {
  let lo = from;
  let hi = to - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = array[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
