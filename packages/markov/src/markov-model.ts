// An order-k character Markov model: counts from encoded text, smoothed probabilities, held-out cross-entropy.
// It implements the shared "state + token → next-token logits" contract; sampling itself lives in generate.ts.

import type { NextTokenModel, StepOutput } from '@charloom/sampling';
import { CharVocab } from '@charloom/tokenizer';
import { type ContextTreeArrays, countContexts, searchSorted } from './context-tree.js';
import { checkOptions, InvalidArgumentError } from './errors.js';
import {
  computeSmoothingStats,
  discountFor,
  SMOOTHINGS,
  type Smoothing,
  type SmoothingStats,
} from './smoothing.js';

/** The largest order accepted; contexts longer than this rarely help characters and cost memory. */
export const MAX_ORDER = 32;

/** Options for building a model. */
export interface MarkovModelOptions {
  /** Context length k: the model predicts a character from the k before it. Integer 0…32. */
  readonly order: number;
  /**
   * Vocabulary to encode with. Defaults to the vocabulary of the training text. Pass one built from the whole
   * corpus when held-out text may contain characters the training part lacks (as char-rnn does).
   */
  readonly vocab?: CharVocab;
}

/** Cross-entropy of a held-out text under the model. */
export interface CrossEntropy {
  /** Mean negative log-likelihood per character, natural log. */
  readonly nats: number;
  /** The same in bits (nats / ln 2). */
  readonly bitsPerChar: number;
  /** Number of characters scored. */
  readonly chars: number;
}

/** Options for {@link MarkovModel.evaluate}. */
export interface EvaluateOptions {
  /** `'witten-bell'` (default) or `'kneser-ney'`; `'none'` gives zero probability to unseen pairs and is rejected. */
  readonly smoothing?: Smoothing;
  /**
   * Score as the model of this lower order would (default: the model's order). The counts of a lower order are
   * a subset of a higher one's, so this equals training a separate model of that order, without the rebuild.
   */
  readonly order?: number;
  /**
   * Tokens that precede the scored text (e.g. the end of the training split), used only as context for its
   * first characters. Without it the first k characters are predicted from the shorter history they have.
   */
  readonly history?: ArrayLike<number>;
}

/** Generation state for a batch of rows: each row's recent tokens and which context length its last logits used. */
export interface MarkovState {
  readonly batchSize: number;
  /** Last `order` tokens of each row, oldest first: [batchSize, order]. */
  readonly contexts: Int32Array;
  /** How many tokens of each row's context are filled (≤ order). */
  readonly lengths: Int32Array;
  /** Context length the last logits of each row were computed from. */
  readonly usedOrder: Int32Array;
  /** Logits of the last step, reused between steps: [batchSize, vocabSize]. */
  readonly logits: Float32Array;
}

/** The Markov model as the shared contract; its `step` is synchronous. */
export interface MarkovNextTokenModel extends NextTokenModel<MarkovState> {
  step(state: MarkovState, tokenIds: Int32Array): StepOutput<MarkovState>;
}

/** Size of a built model. */
export interface MarkovModelStats {
  /** Distinct contexts of length 0…order seen in training (the root included). */
  readonly contexts: number;
  /** Distinct (context, next character) pairs. */
  readonly entries: number;
  /** Characters the model was trained on. */
  readonly trainingTokens: number;
  /** Bytes held by the count arrays and the derived statistics. */
  readonly bytes: number;
}

/**
 * An order-k character model in the spirit of Yoav Goldberg's "unreasonable effectiveness of character-level
 * language models". Counts for every context length 0…k are kept, so generation can back off and held-out
 * evaluation can interpolate (Witten-Bell or modified Kneser-Ney).
 */
export class MarkovModel {
  /** Context length k. */
  readonly order: number;
  /** The vocabulary token ids refer to. */
  readonly vocab: CharVocab;
  /** Number of token ids (the uniform distribution at the bottom of the smoothing spreads over these). */
  readonly vocabSize: number;
  /** Characters seen in training. */
  readonly trainingTokens: number;
  /** The raw count arrays (read-only by convention; shared with saved files). */
  readonly tree: ContextTreeArrays;
  private readonly stats: SmoothingStats;
  private readonly path: Int32Array;

  private constructor(tree: ContextTreeArrays, order: number, vocab: CharVocab, trainingTokens: number) {
    this.tree = tree;
    this.order = order;
    this.vocab = vocab;
    this.vocabSize = vocab.size;
    this.trainingTokens = trainingTokens;
    this.stats = computeSmoothingStats(tree, order);
    this.path = new Int32Array(order + 1);
  }

  /** Build a model from text; the vocabulary is the text's own unless `options.vocab` is given. */
  static fromText(text: string, options: MarkovModelOptions): MarkovModel {
    validateModelOptions(options);
    if (typeof text !== 'string')
      throw new InvalidArgumentError({ parameter: 'text', value: text, expected: 'a string' });
    const vocab = options.vocab ?? CharVocab.fromText(text);
    return MarkovModel.fromTokenIds(vocab.encode(text), { order: options.order, vocab });
  }

  /** Build a model from token ids of `options.vocab` (required here). */
  static fromTokenIds(
    tokenIds: ArrayLike<number>,
    options: MarkovModelOptions & { vocab: CharVocab },
  ): MarkovModel {
    validateModelOptions(options);
    if (!(options.vocab instanceof CharVocab)) {
      throw new InvalidArgumentError({ parameter: 'vocab', value: options.vocab, expected: 'a CharVocab' });
    }
    if (tokenIds.length === 0) {
      throw new InvalidArgumentError({
        parameter: 'tokenIds',
        value: 'empty',
        expected: 'a non-empty training text',
      });
    }
    const vocabSize = options.vocab.size;
    for (let i = 0; i < tokenIds.length; i++) {
      const id = tokenIds[i]!;
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
        throw new InvalidArgumentError({
          parameter: `tokenIds[${i}]`,
          value: id,
          expected: `an integer in [0, ${vocabSize})`,
        });
      }
    }
    return new MarkovModel(
      countContexts(tokenIds, options.order),
      options.order,
      options.vocab,
      tokenIds.length,
    );
  }

  /** Rebuild a model from count arrays already validated by the loader. @internal */
  static fromTree(
    tree: ContextTreeArrays,
    order: number,
    vocab: CharVocab,
    trainingTokens: number,
  ): MarkovModel {
    return new MarkovModel(tree, order, vocab, trainingTokens);
  }

  /** Sizes of the count tables. */
  get size(): MarkovModelStats {
    const arrays = [
      ...Object.values(this.tree),
      this.stats.total,
      this.stats.continuationTotal,
      this.stats.discountedMass,
      this.stats.continuationDiscountedMass,
    ] as ArrayLike<number>[] as Int32Array[];
    return {
      contexts: this.tree.childStart.length - 1,
      entries: this.tree.entrySymbol.length,
      trainingTokens: this.trainingTokens,
      bytes: arrays.reduce((sum, array) => sum + array.byteLength, 0),
    };
  }

  /**
   * Walk `history[0…end)` backwards from the root; fills `path[d]` with the node of the last d tokens and
   * returns the deepest d found (≤ `order`, which may be below the model's to act as a lower-order model). Contexts never seen stop the walk: shorter ones remain usable.
   */
  private contextPath(history: ArrayLike<number>, end: number, order: number, path: Int32Array): number {
    const { childStart, nodeSymbol } = this.tree;
    const maxDepth = Math.min(order, end);
    let node = 0;
    path[0] = 0;
    for (let d = 1; d <= maxDepth; d++) {
      const child = searchSorted(nodeSymbol, childStart[node]!, childStart[node + 1]!, history[end - d]!);
      if (child < 0) return d - 1;
      node = child;
      path[d] = node;
    }
    return maxDepth;
  }

  /** Probability of `tokenId` after `history` (only its last `order` tokens matter). */
  probability(history: ArrayLike<number>, tokenId: number, smoothing: Smoothing = 'witten-bell'): number {
    validateSmoothing(smoothing);
    this.validateTokenId(tokenId, 'tokenId');
    return this.probabilityAt(history, history.length, tokenId, smoothing, this.order);
  }

  private probabilityAt(
    history: ArrayLike<number>,
    end: number,
    tokenId: number,
    smoothing: Smoothing,
    order: number,
  ): number {
    const path = this.path;
    const deepest = this.contextPath(history, end, order, path);
    const { entryStart, entrySymbol, entryCount, entryContinuation } = this.tree;
    const find = (node: number) =>
      searchSorted(entrySymbol, entryStart[node]!, entryStart[node + 1]!, tokenId);
    if (smoothing === 'none') {
      const node = path[deepest]!;
      const at = find(node);
      return at < 0 ? 0 : entryCount[at]! / this.stats.total[node]!;
    }
    let p = 1 / this.vocabSize;
    if (smoothing === 'witten-bell') {
      for (let d = 0; d <= deepest; d++) {
        const node = path[d]!;
        const at = find(node);
        const count = at < 0 ? 0 : entryCount[at]!;
        const types = entryStart[node + 1]! - entryStart[node]!;
        p = (count + types * p) / (this.stats.total[node]! + types);
      }
      return p;
    }
    const top = Math.min(order, end);
    for (let d = 0; d <= deepest; d++) {
      const node = path[d]!;
      const at = find(node);
      if (d === top) {
        const count = at < 0 ? 0 : entryCount[at]!;
        const total = this.stats.total[node]!;
        p =
          (count - discountFor(count, this.stats.discounts[d]!) + this.stats.discountedMass[node]! * p) /
          total;
      } else {
        const count = at < 0 ? 0 : entryContinuation[at]!;
        const total = this.stats.continuationTotal[node]!;
        const mass = this.stats.continuationDiscountedMass[node]!;
        p = (count - discountFor(count, this.stats.continuationDiscounts[d]!) + mass * p) / total;
      }
    }
    return p;
  }

  /**
   * The full next-token distribution after `history` (sums to 1 over the vocabulary). With `'none'` it is the
   * maximum-likelihood distribution of the longest context seen in training (the Goldberg generator's).
   */
  distribution(
    history: ArrayLike<number>,
    smoothing: Smoothing = 'witten-bell',
    out?: Float64Array,
  ): Float64Array {
    validateSmoothing(smoothing);
    const result = out ?? new Float64Array(this.vocabSize);
    if (!(result instanceof Float64Array)) {
      throw new InvalidArgumentError({ parameter: 'out', value: result, expected: 'a Float64Array' });
    }
    if (result.length !== this.vocabSize) {
      throw new InvalidArgumentError({
        parameter: 'out.length',
        value: result.length,
        expected: `the vocabulary size ${this.vocabSize}`,
      });
    }
    this.distributionAt(history, history.length, smoothing, result);
    return result;
  }

  /** Fills `out` and returns the context length used. */
  private distributionAt(
    history: ArrayLike<number>,
    end: number,
    smoothing: Smoothing,
    out: Float64Array,
  ): number {
    const path = this.path;
    const deepest = this.contextPath(history, end, this.order, path);
    const { entryStart, entrySymbol, entryCount, entryContinuation } = this.tree;
    const V = this.vocabSize;
    if (smoothing === 'none') {
      const node = path[deepest]!;
      out.fill(0);
      const total = this.stats.total[node]!;
      for (let e = entryStart[node]!; e < entryStart[node + 1]!; e++)
        out[entrySymbol[e]!] = entryCount[e]! / total;
      return deepest;
    }
    out.fill(1 / V);
    const top = Math.min(this.order, end);
    for (let d = 0; d <= deepest; d++) {
      const node = path[d]!;
      const from = entryStart[node]!;
      const to = entryStart[node + 1]!;
      let scale: number;
      if (smoothing === 'witten-bell') {
        const denominator = this.stats.total[node]! + (to - from);
        scale = (to - from) / denominator;
        for (let w = 0; w < V; w++) out[w]! *= scale;
        for (let e = from; e < to; e++) out[entrySymbol[e]!]! += entryCount[e]! / denominator;
      } else {
        const useRaw = d === top;
        const counts = useRaw ? entryCount : entryContinuation;
        const total = useRaw ? this.stats.total[node]! : this.stats.continuationTotal[node]!;
        const discounts = useRaw ? this.stats.discounts[d]! : this.stats.continuationDiscounts[d]!;
        const mass = useRaw ? this.stats.discountedMass[node]! : this.stats.continuationDiscountedMass[node]!;
        scale = mass / total;
        for (let w = 0; w < V; w++) out[w]! *= scale;
        for (let e = from; e < to; e++) {
          const count = counts[e]!;
          out[entrySymbol[e]!]! += (count - discountFor(count, discounts)) / total;
        }
      }
    }
    return deepest;
  }

  /**
   * Cross-entropy of `text` (a string encoded with the model's vocabulary, or token ids) under a smoothed model:
   * −(1/N) Σ ln p(xᵢ | previous k characters).
   */
  evaluate(text: string | ArrayLike<number>, options: EvaluateOptions = {}): CrossEntropy {
    checkOptions('options', options, ['smoothing', 'order', 'history']);
    const smoothing = options.smoothing ?? 'witten-bell';
    validateSmoothing(smoothing);
    if (smoothing === 'none') {
      throw new InvalidArgumentError({
        parameter: 'smoothing',
        value: smoothing,
        expected: "'witten-bell' or 'kneser-ney' for evaluation",
      });
    }
    const order = options.order ?? this.order;
    if (!Number.isInteger(order) || order < 0 || order > this.order) {
      throw new InvalidArgumentError({
        parameter: 'order',
        value: order,
        expected: `an integer in [0, ${this.order}] (the model's order)`,
      });
    }
    const tokenIds = typeof text === 'string' ? this.vocab.encode(text) : text;
    const history = options.history ?? [];
    const keep = Math.min(history.length, order);
    const sequence = new Int32Array(keep + tokenIds.length);
    for (let i = 0; i < keep; i++) {
      const at = history.length - keep + i;
      this.validateTokenId(history[at]!, `history[${at}]`);
      sequence[i] = history[at]!;
    }
    for (let i = 0; i < tokenIds.length; i++) {
      this.validateTokenId(tokenIds[i]!, `tokenIds[${i}]`);
      sequence[keep + i] = tokenIds[i]!;
    }
    let sum = 0;
    for (let i = keep; i < sequence.length; i++)
      sum -= Math.log(this.probabilityAt(sequence, i, sequence[i]!, smoothing, order));
    const chars = tokenIds.length;
    const nats = chars === 0 ? 0 : sum / chars;
    return { nats, bitsPerChar: nats / Math.LN2, chars };
  }

  /**
   * The model as the shared generation contract of `@charloom/sampling`: `step` feeds one token per row and
   * returns logits (log-probabilities; −Infinity for impossible tokens). The logits array belongs to the state
   * and is overwritten by the next step; `state.usedOrder` tells which context length produced them.
   */
  asNextTokenModel(smoothing: Smoothing = 'none'): MarkovNextTokenModel {
    validateSmoothing(smoothing);
    const order = this.order;
    const V = this.vocabSize;
    const scratch = new Float64Array(V);
    const { entryStart, entrySymbol, entryCount } = this.tree;
    return {
      vocabSize: V,
      initialState: (batchSize: number): MarkovState => {
        if (!Number.isInteger(batchSize) || batchSize < 1) {
          throw new InvalidArgumentError({
            parameter: 'batchSize',
            value: batchSize,
            expected: 'an integer >= 1',
          });
        }
        return {
          batchSize,
          contexts: new Int32Array(batchSize * order),
          lengths: new Int32Array(batchSize),
          usedOrder: new Int32Array(batchSize),
          logits: new Float32Array(batchSize * V),
        };
      },
      step: (state: MarkovState, tokenIds: Int32Array): StepOutput<MarkovState> => {
        if (tokenIds.length !== state.batchSize) {
          throw new InvalidArgumentError({
            parameter: 'tokenIds.length',
            value: tokenIds.length,
            expected: `the batch size ${state.batchSize}`,
          });
        }
        for (let row = 0; row < state.batchSize; row++) {
          const token = tokenIds[row]!;
          this.validateTokenId(token, `tokenIds[${row}]`);
          const context = state.contexts.subarray(row * order, (row + 1) * order);
          const filled = state.lengths[row]!;
          if (order > 0) {
            if (filled < order) {
              context[filled] = token;
              state.lengths[row] = filled + 1;
            } else {
              context.copyWithin(0, 1);
              context[order - 1] = token;
            }
          }
          const logits = state.logits.subarray(row * V, (row + 1) * V);
          if (smoothing === 'none') {
            // Unnormalised log counts of the longest seen context; the sampler's softmax normalises.
            const deepest = this.contextPath(context, state.lengths[row]!, order, this.path);
            const node = this.path[deepest]!;
            logits.fill(Number.NEGATIVE_INFINITY);
            for (let e = entryStart[node]!; e < entryStart[node + 1]!; e++) {
              logits[entrySymbol[e]!] = Math.log(entryCount[e]!);
            }
            state.usedOrder[row] = deepest;
          } else {
            state.usedOrder[row] = this.distributionAt(context, state.lengths[row]!, smoothing, scratch);
            for (let w = 0; w < V; w++) logits[w] = Math.log(scratch[w]!);
          }
        }
        return { logits: state.logits, state };
      },
    };
  }

  /**
   * A longest context seen in training (length `order`, or less for a text shorter than that), drawn uniformly
   * among the distinct ones with `random()` ∈ [0,1); used to start generation when no prime is given.
   */
  randomSeenContext(random: () => number): Int32Array {
    const { childStart, nodeSymbol, entryStart, entrySymbol } = this.tree;
    const depth = this.stats.depth;
    const nodeCount = depth.length;
    const deepest = depth[nodeCount - 1]!;
    if (deepest === 0) {
      const from = entryStart[0]!;
      const count = entryStart[1]! - from;
      return count === 0
        ? new Int32Array(0)
        : Int32Array.of(entrySymbol[from + Math.floor(random() * count)]!);
    }
    let first = nodeCount - 1;
    while (depth[first - 1] === deepest) first--;
    const parentOf = new Int32Array(nodeCount);
    for (let p = 0; p < nodeCount; p++) parentOf.fill(p, childStart[p]!, childStart[p + 1]!);
    // A node's symbols, read from it up to the root, are its context from oldest to newest.
    const context = new Int32Array(deepest);
    let node = first + Math.floor(random() * (nodeCount - first));
    for (let i = 0; node > 0; i++, node = parentOf[node]!) context[i] = nodeSymbol[node]!;
    return context;
  }

  private validateTokenId(tokenId: number, parameter: string): void {
    if (!Number.isInteger(tokenId) || tokenId < 0 || tokenId >= this.vocabSize) {
      throw new InvalidArgumentError({
        parameter,
        value: tokenId,
        expected: `a token id in [0, ${this.vocabSize})`,
      });
    }
  }
}

function validateModelOptions(options: MarkovModelOptions): void {
  checkOptions('options', options, ['order', 'vocab']);
  const { order, vocab } = options;
  if (vocab !== undefined && !(vocab instanceof CharVocab)) {
    throw new InvalidArgumentError({ parameter: 'vocab', value: vocab, expected: 'a CharVocab' });
  }
  if (typeof order !== 'number' || !Number.isInteger(order) || order < 0 || order > MAX_ORDER) {
    throw new InvalidArgumentError({
      parameter: 'order',
      value: order,
      expected: `an integer in [0, ${MAX_ORDER}]`,
    });
  }
}

/** Throws unless `smoothing` is one of {@link SMOOTHINGS}. */
export function validateSmoothing(smoothing: unknown): asserts smoothing is Smoothing {
  if (!SMOOTHINGS.includes(smoothing as Smoothing)) {
    throw new InvalidArgumentError({
      parameter: 'smoothing',
      value: smoothing,
      expected: `one of ${SMOOTHINGS.map((s) => `'${s}'`).join(', ')}`,
    });
  }
}
