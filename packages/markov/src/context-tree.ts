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
 * the shorter history they have.
 *
 * One walk per position through a trie of n-grams of length 1…order+1, each read backwards from its last
 * token: the node of an n-gram is both the entry "(its first length−1 tokens) → its last token" and, if
 * short enough, a context. Its children are its left extensions, so their number is the Kneser-Ney
 * continuation count. Time O(length · (order+1)) hash operations; memory ~40 bytes per distinct n-gram.
 */
export function countContexts(tokenIds: ArrayLike<number>, order: number): ContextTreeArrays {
  const length = tokenIds.length;
  const depthLimit = order + 1;
  // Distinct n-grams grow much slower than length·(order+1) on real text; the lists grow when needed.
  const estimate = Math.min(length * depthLimit, length + 1024, 1 << 22);
  const children = new PairTable(estimate);
  const parent = new IntList(estimate);
  const symbol = new IntList(estimate);
  const depth = new IntList(estimate);
  const count = new IntList(estimate);
  const context = new IntList(estimate);
  const startNodes: number[] = [];
  parent.push(-1);
  symbol.push(-1);
  depth.push(0);
  count.push(length);
  context.push(-1);
  // path[m] = node of the n-gram of length m ending at the current position; previous = one position back.
  let path = new Int32Array(depthLimit + 1);
  let previous = new Int32Array(depthLimit + 1);

  for (let i = 0; i < length; i++) {
    let node = 0;
    const deepest = Math.min(depthLimit, i + 1);
    for (let m = 1; m <= deepest; m++) {
      const token = tokenIds[i - m + 1]!;
      const found = children.getOrInsert(node, token, parent.length);
      if (found < 0) {
        parent.push(node);
        symbol.push(token);
        depth.push(m);
        count.push(1);
        // The n-gram without its last token ended one position earlier, one level up.
        context.push(previous[m - 1]!);
        node = -1 - found;
      } else {
        node = found;
        count.data[node]! += 1;
      }
      path[m] = node;
    }
    // The n-gram t[0…i] starts the text, so the start counts as one more left extension.
    if (i < order) startNodes.push(path[i + 1]!);
    const swap = previous;
    previous = path;
    path = swap;
  }
  const nodes = parent.length;
  return finalize({
    parent: parent.data.subarray(0, nodes),
    symbol: symbol.data.subarray(0, nodes),
    depth: depth.data.subarray(0, nodes),
    count: count.data.subarray(0, nodes),
    context: context.data.subarray(0, nodes),
    startNodes,
    order,
  });
}

/** The n-gram trie as counted, nodes in creation order. */
interface RawTrie {
  readonly parent: Int32Array;
  readonly symbol: Int32Array;
  readonly depth: Int32Array;
  readonly count: Int32Array;
  /** Node of the same n-gram without its last token. */
  readonly context: Int32Array;
  readonly startNodes: readonly number[];
  readonly order: number;
}

/**
 * Turn the n-gram trie into the context tree. Contexts are the trie nodes of length ≤ order that were
 * followed by something: a context seen only at the very end of the text has no successor, and neither has
 * any longer context ending there, so dropping them keeps the tree closed. Entries are all nodes below the
 * root, grouped by their context and sorted by their last token.
 */
function finalize(trie: RawTrie): ContextTreeArrays {
  const { parent, symbol, depth, count, context, startNodes, order } = trie;
  const nodeCount = parent.length;
  const maxDepth = order + 1;
  // Breadth-first order: by depth (counting sort), then by the parent's new index, then by symbol.
  const depthStart = new Int32Array(maxDepth + 2);
  for (let n = 0; n < nodeCount; n++) depthStart[depth[n]! + 1]! += 1;
  for (let d = 0; d <= maxDepth; d++) depthStart[d + 1]! += depthStart[d]!;
  const byDepth = new Int32Array(nodeCount);
  const cursor = depthStart.slice(0, maxDepth + 1);
  for (let n = 0; n < nodeCount; n++) byDepth[cursor[depth[n]!]!++] = n;
  const newIndex = new Int32Array(nodeCount);
  const oldOf = new Int32Array(nodeCount);
  const childStart = new Int32Array(nodeCount + 1);
  for (let d = 1; d <= maxDepth; d++) {
    const from = depthStart[d]!;
    const to = depthStart[d + 1]!;
    const parentFrom = depthStart[d - 1]!;
    const parentTo = depthStart[d]!;
    const bucket = new Int32Array(parentTo - parentFrom + 1);
    for (let j = from; j < to; j++) bucket[newIndex[parent[byDepth[j]!]!]! - parentFrom + 1]! += 1;
    for (let p = 0; p < parentTo - parentFrom; p++) bucket[p + 1]! += bucket[p]!;
    for (let p = parentFrom; p < parentTo; p++) childStart[p] = from + bucket[p - parentFrom]!;
    const place = bucket.slice();
    for (let j = from; j < to; j++) {
      const old = byDepth[j]!;
      oldOf[from + place[newIndex[parent[old]!]! - parentFrom]!++] = old;
    }
    for (let p = parentFrom; p < parentTo; p++) {
      sortRangeBy(oldOf, symbol, childStart[p]!, from + bucket[p - parentFrom + 1]!);
    }
    for (let j = from; j < to; j++) newIndex[oldOf[j]!] = j;
  }
  for (let p = depthStart[maxDepth]!; p <= nodeCount; p++) childStart[p] = nodeCount;

  // Successors per context (new index), and the contexts kept after dropping those with none.
  const successorCount = new Int32Array(nodeCount);
  for (let n = 1; n < nodeCount; n++) successorCount[newIndex[context[n]!]!]! += 1;
  const contextEnd = depthStart[maxDepth]!;
  const keptIndex = new Int32Array(contextEnd + 1);
  const kept = (j: number) => j === 0 || successorCount[j]! > 0; // the root stays, even for an empty text
  for (let j = 0; j < contextEnd; j++) keptIndex[j + 1] = keptIndex[j]! + (kept(j) ? 1 : 0);
  const contexts = keptIndex[contextEnd]!;
  const nodeSymbol = new Int32Array(contexts);
  const treeChildStart = new Int32Array(contexts + 1);
  const entryStart = new Int32Array(contexts + 1);
  for (let j = 0; j < contextEnd; j++) {
    if (!kept(j)) continue;
    const k = keptIndex[j]!;
    nodeSymbol[k] = j === 0 ? -1 : symbol[oldOf[j]!]!;
    // A node's children are one contiguous run; the kept ones stay contiguous after compaction.
    treeChildStart[k] = keptIndex[Math.min(childStart[j]!, contextEnd)]!;
    entryStart[k + 1] = successorCount[j]!;
  }
  treeChildStart[contexts] = contexts;
  for (let k = 0; k < contexts; k++) entryStart[k + 1]! += entryStart[k]!;

  // Entries: every node below the root, under its context, sorted by its last token (its depth-1 ancestor).
  const entries = nodeCount - 1;
  const lastToken = new Int32Array(nodeCount);
  for (let j = 1; j < nodeCount; j++) {
    const old = oldOf[j]!;
    lastToken[j] = depth[old] === 1 ? symbol[old]! : lastToken[newIndex[parent[old]!]!]!;
  }
  const place = entryStart.slice(0, contexts);
  const entryNode = new Int32Array(entries);
  for (let j = 1; j < nodeCount; j++) entryNode[place[keptIndex[newIndex[context[oldOf[j]!]!]!]!]!++] = j;
  for (let k = 0; k < contexts; k++) sortRangeBy(entryNode, lastToken, entryStart[k]!, entryStart[k + 1]!);
  const startsText = new Uint8Array(nodeCount);
  for (const old of startNodes) startsText[newIndex[old]!] = 1;
  const entrySymbol = new Int32Array(entries);
  const entryCount = new Int32Array(entries);
  const entryContinuation = new Int32Array(entries);
  for (let e = 0; e < entries; e++) {
    const j = entryNode[e]!;
    entrySymbol[e] = lastToken[j]!;
    entryCount[e] = count[oldOf[j]!]!;
    // Children of an n-gram's node are its distinct left extensions: N1+(• n-gram).
    entryContinuation[e] = childStart[j + 1]! - childStart[j]! + startsText[j]!;
  }
  return { nodeSymbol, childStart: treeChildStart, entryStart, entrySymbol, entryCount, entryContinuation };
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
