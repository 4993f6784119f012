// The one generation loop, written against the NextTokenModel contract (state + last token -> logits).
// Leaves out models (Markov, RNNs live in their packages), beam search, and tokenisation (decode is passed in).

import { InvalidArgumentError, ModelOutputError } from './errors.js';
import { createGenerationConfig, type GenerationConfig } from './generation-config.js';
import { EMPTY_LOGITS_CONTEXT, type LogitsContext } from './logits-processor.js';
import { isThenable, PullIterator } from './pull-iterator.js';
import { createRng, type SeededRng } from './rng.js';
import { createSampler, type TokenSampler } from './sampler.js';

/** What `NextTokenModel.step` returns: next-token logits for every row and the state after the step. */
export interface StepOutput<State> {
  /** [batchSize * vocabSize], row-major: row r is `logits.subarray(r * vocabSize, (r + 1) * vocabSize)`. */
  readonly logits: Float32Array;
  readonly state: State;
}

/**
 * The contract every next-token model implements (Markov chain, LSTM, GRU): given the state and the last
 * token of each row, the logits of the next token. `step` may be synchronous or return a promise; the loop
 * awaits only when it gets a thenable. `step` must not modify `tokenIds` or keep it after returning.
 */
export interface NextTokenModel<State> {
  /** Number of token ids; logits rows have this length and ids lie in [0, vocabSize). */
  readonly vocabSize: number;
  /** The state before any token has been seen, for `batchSize` independent rows. */
  initialState(batchSize: number): State;
  /** Feeds one token per row (`tokenIds`: [batchSize]) and returns the logits of the next one. */
  step(state: State, tokenIds: Int32Array): StepOutput<State> | Promise<StepOutput<State>>;
}

/** One generated position, for every row of the batch. */
export interface GeneratedStep<State> {
  /** 0 for the first new token, then 1, 2, ... */
  readonly index: number;
  /** [batchSize]: the token drawn for each row, or `STOPPED_TOKEN_ID` (-1) for a row that stopped earlier. */
  readonly tokenIds: Int32Array;
  /** The state whose logits these tokens were drawn from (before the tokens are fed back). */
  readonly state: State;
}

/** Options of `generate` and `generateText`. Unknown keys are rejected. */
export interface GenerateOptions {
  /** Non-empty. Fed one by one to warm the state; the first new token is drawn after the last of them. */
  readonly promptTokenIds: ArrayLike<number>;
  /** Overrides of `DEFAULT_GENERATION_CONFIG`, or a complete config; validated by `createGenerationConfig`. */
  readonly config?: Partial<GenerationConfig> | GenerationConfig;
  /** Integer >= 1, default 1. Rows are independent samples. */
  readonly batchSize?: number;
  /** Integer >= 1: maximum new tokens per row; overrides `config.maxLength`. */
  readonly maxLength?: number;
  /**
   * A row that draws one of these stops (the stop token itself is reported once). Any array-like of token
   * ids (an array, an Int32Array, ...); may be empty.
   */
  readonly stopTokenIds?: ArrayLike<number>;
  /** Aborting ends the iteration cleanly (no error) before the next model step or draw. */
  readonly signal?: AbortSignal;
}

/** The id reported for a row that already stopped (it drew a stop token at an earlier index). */
export const STOPPED_TOKEN_ID = -1;

const OPTION_KEYS = ['promptTokenIds', 'config', 'batchSize', 'maxLength', 'stopTokenIds', 'signal'];

interface AbortFlag {
  readonly aborted: boolean;
}

function positiveInteger(parameter: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError({ parameter, value, expected: 'an integer >= 1' });
  }
  return value;
}

/** An object with a numeric `length` (an array, a typed array, ...); strings are not accepted. */
function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const length = (value as { length?: unknown }).length;
  return typeof length === 'number' && Number.isSafeInteger(length) && length >= 0;
}

/** Checks every entry of `value` (before allocating anything) and copies the ids into an Int32Array. */
function tokenIdList(parameter: string, value: ArrayLike<unknown>, vocabSize: number): Int32Array {
  for (let i = 0; i < value.length; i++) {
    const id = value[i];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new InvalidArgumentError({
        parameter: `${parameter}[${i}]`,
        value: id,
        expected: `an integer in [0, ${vocabSize}) (model.vocabSize)`,
      });
    }
  }
  return Int32Array.from(value as ArrayLike<number>);
}

/** Validated, normalised inputs of one generation run. */
interface RunSettings {
  readonly vocabSize: number;
  readonly promptTokenIds: Int32Array;
  readonly config: GenerationConfig;
  readonly batchSize: number;
  readonly maxLength: number;
  readonly isStopToken: Uint8Array;
  readonly signal: AbortFlag | undefined;
}

function checkModel(model: unknown): asserts model is NextTokenModel<unknown> {
  if (typeof model !== 'object' || model === null) {
    throw new InvalidArgumentError({
      parameter: 'model',
      value: model,
      expected: 'a NextTokenModel (vocabSize, initialState, step)',
    });
  }
  const candidate = model as Partial<NextTokenModel<unknown>>;
  const vocabSize = candidate.vocabSize;
  if (typeof vocabSize !== 'number' || !Number.isSafeInteger(vocabSize) || vocabSize < 1) {
    throw new InvalidArgumentError({
      parameter: 'model.vocabSize',
      value: vocabSize,
      expected: 'an integer >= 1',
    });
  }
  if (typeof candidate.initialState !== 'function') {
    throw new InvalidArgumentError({
      parameter: 'model.initialState',
      value: candidate.initialState,
      expected: 'a function',
    });
  }
  if (typeof candidate.step !== 'function') {
    throw new InvalidArgumentError({
      parameter: 'model.step',
      value: candidate.step,
      expected: 'a function',
    });
  }
}

function checkOptions(
  model: NextTokenModel<unknown>,
  options: GenerateOptions,
  extraKeys: readonly string[],
): RunSettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError({
      parameter: 'options',
      value: options,
      expected: 'an object with at least promptTokenIds',
    });
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.includes(key) && !extraKeys.includes(key)) {
      const known = [...OPTION_KEYS, ...extraKeys].join(', ');
      throw new InvalidArgumentError({
        parameter: key,
        value: (options as unknown as Record<string, unknown>)[key],
        expected: `a known option (${known})`,
      });
    }
  }
  const vocabSize = model.vocabSize;
  const prompt: unknown = options.promptTokenIds;
  if (!isArrayLike(prompt)) {
    throw new InvalidArgumentError({
      parameter: 'promptTokenIds',
      value: prompt,
      expected: 'an array-like of token ids',
    });
  }
  if (prompt.length === 0) {
    throw new InvalidArgumentError({
      parameter: 'promptTokenIds',
      value: prompt,
      expected: 'non-empty (the state is warmed on it)',
    });
  }
  const promptTokenIds = tokenIdList('promptTokenIds', prompt, vocabSize);
  const config = createGenerationConfig(options.config);
  const batchSize = positiveInteger('batchSize', options.batchSize, 1);
  const maxLength = positiveInteger('maxLength', options.maxLength, config.maxLength);
  const isStopToken = new Uint8Array(vocabSize);
  const stops: unknown = options.stopTokenIds;
  if (stops !== undefined) {
    if (!isArrayLike(stops)) {
      throw new InvalidArgumentError({
        parameter: 'stopTokenIds',
        value: stops,
        expected: 'an array-like of token ids',
      });
    }
    for (const id of tokenIdList('stopTokenIds', stops, vocabSize)) isStopToken[id] = 1;
  }
  const signal: unknown = options.signal;
  if (
    signal !== undefined &&
    (typeof signal !== 'object' || signal === null || typeof (signal as AbortFlag).aborted !== 'boolean')
  ) {
    throw new InvalidArgumentError({ parameter: 'signal', value: signal, expected: 'an AbortSignal' });
  }
  return {
    vocabSize,
    promptTokenIds,
    config,
    batchSize,
    maxLength,
    isStopToken,
    signal: signal as AbortFlag | undefined,
  };
}

/** Rows' random sources: row r uses the seed's stream r (r jumps of 2^64 draws), whatever the batch size. */
function rowRngs(seed: number, batchSize: number): SeededRng[] {
  const rngs: SeededRng[] = [createRng(seed)];
  for (let r = 1; r < batchSize; r++) rngs.push(rngs[r - 1]!.clone().jump());
  return rngs;
}

/** The state machine behind `generate`: warm-up on the prompt, then draw, feed back, repeat. */
class GenerationRun<State> {
  private readonly samplers: TokenSampler[] = [];
  private readonly contexts: LogitsContext[] = [];
  private readonly histories: number[][] = [];
  private readonly historyLimit: number;
  private readonly lastTokenIds: Int32Array;
  private readonly stopped: Uint8Array;
  private stoppedCount = 0;
  private started = false;
  private finished = false;
  private promptFed = 0;
  private index = 0;
  private state: State | undefined;
  private logits: Float32Array | undefined;
  private pendingInput: Int32Array | null = null;

  constructor(
    private readonly model: NextTokenModel<State>,
    private readonly settings: RunSettings,
  ) {
    const { batchSize, config, promptTokenIds } = settings;
    const rngs = rowRngs(config.seed, batchSize);
    const tracksHistory = config.repetitionPenalty > 1;
    this.historyLimit = 2 * config.repetitionWindow;
    for (let r = 0; r < batchSize; r++) {
      this.samplers.push(createSampler(config, rngs[r]));
      if (tracksHistory) {
        const history = Array.from(promptTokenIds);
        this.histories.push(history);
        this.contexts.push({ recentTokenIds: history });
      } else {
        this.contexts.push(EMPTY_LOGITS_CONTEXT);
      }
    }
    this.lastTokenIds = new Int32Array(batchSize);
    this.stopped = new Uint8Array(batchSize);
  }

  close(): void {
    this.finished = true;
  }

  /** The next step, `null` when finished, or a promise of either when the model answered asynchronously. */
  advance(): GeneratedStep<State> | null | Promise<GeneratedStep<State> | null> {
    for (;;) {
      if (this.finished) return null;
      if (this.settings.signal?.aborted) {
        this.finished = true;
        return null;
      }
      if (!this.started) {
        this.started = true;
        this.state = this.model.initialState(this.settings.batchSize);
      }
      const input = this.pendingInput ?? this.nextPromptInput();
      if (input === null) return this.draw();
      this.pendingInput = null;
      const output = this.model.step(this.state as State, input);
      if (isThenable(output)) {
        return Promise.resolve(output).then((resolved) => {
          this.accept(resolved);
          return this.advance();
        });
      }
      this.accept(output);
    }
  }

  private nextPromptInput(): Int32Array | null {
    const prompt = this.settings.promptTokenIds;
    if (this.promptFed >= prompt.length) return null;
    const input = new Int32Array(this.settings.batchSize).fill(prompt[this.promptFed]!);
    this.promptFed++;
    return input;
  }

  private accept(output: StepOutput<State>): void {
    const expectedLength = this.settings.batchSize * this.settings.vocabSize;
    const logits: unknown = typeof output === 'object' && output !== null ? output.logits : output;
    if (!(logits instanceof Float32Array) || logits.length !== expectedLength) {
      throw new ModelOutputError({
        field: 'step().logits',
        value: logits,
        expected: `a Float32Array of length batchSize * vocabSize = ${expectedLength}`,
      });
    }
    this.logits = logits;
    this.state = output.state;
  }

  private draw(): GeneratedStep<State> {
    const { batchSize, vocabSize, isStopToken, maxLength } = this.settings;
    const logits = this.logits!;
    const tokenIds = new Int32Array(batchSize);
    for (let r = 0; r < batchSize; r++) {
      if (this.stopped[r] === 1) {
        tokenIds[r] = STOPPED_TOKEN_ID;
        continue;
      }
      const row = batchSize === 1 ? logits : logits.subarray(r * vocabSize, (r + 1) * vocabSize);
      const id = this.samplers[r]!.sample(row, this.contexts[r]!);
      tokenIds[r] = id;
      this.lastTokenIds[r] = id;
      const history = this.histories[r];
      if (history !== undefined) {
        history.push(id);
        if (history.length > this.historyLimit) history.splice(0, history.length - this.historyLimit / 2);
      }
      if (isStopToken[id] === 1) {
        this.stopped[r] = 1;
        this.stoppedCount++;
      }
    }
    const step: GeneratedStep<State> = { index: this.index, tokenIds, state: this.state as State };
    this.index++;
    if (this.stoppedCount === batchSize || this.index >= maxLength) this.finished = true;
    else this.pendingInput = this.lastTokenIds.slice();
    return step;
  }
}

/**
 * Generates tokens from `model`, one `GeneratedStep` per position, for `batchSize` rows at once.
 *
 * - Warm-up: `initialState(batchSize)`, then one `step` per prompt token (every row gets the same prompt).
 * - Each position: row r draws from its logits row with its own sampler (see `createSampler`), whose random
 *   source is stream r of `config.seed` (`createRng(seed, r)`), so row r's tokens do not depend on the batch
 *   size. The repetition penalty of row r sees the prompt followed by row r's tokens.
 * - The drawn tokens are fed back with one `step` per position; after the last position no step is made.
 * - Stop tokens: a row that draws one reports it at that index, then `STOPPED_TOKEN_ID` (-1) at every later
 *   index (the model is still fed that row's stop token, and its logits are ignored). The iteration ends when
 *   every row stopped, after `maxLength` positions, or when `signal` is aborted (ends cleanly, no error).
 * - `step` is awaited only when it returns a thenable; a synchronous model costs one resolved promise per
 *   position. Options are validated up front (`InvalidArgumentError`); a bad model output throws
 *   `ModelOutputError` from the iteration.
 *
 * @example
 * ```ts
 * for await (const { tokenIds } of generate(model, { promptTokenIds: [3], config: { seed: 1 } })) {
 *   console.log(tokenIds[0]);
 * }
 * ```
 */
export function generate<State>(
  model: NextTokenModel<State>,
  options: GenerateOptions,
): AsyncIterable<GeneratedStep<State>> {
  checkModel(model);
  const run = new GenerationRun(model, checkOptions(model, options, []));
  return new PullIterator<GeneratedStep<State>>(
    () => run.advance(),
    () => run.close(),
  );
}

/**
 * Streams text: like `generate` with batch size 1, yielding `decode([tokenId])` for each new token as soon as
 * it is drawn. A stop token ends the stream and its text is not yielded. `batchSize` other than 1 throws
 * `InvalidArgumentError`; `decode` must return a string.
 *
 * @example
 * ```ts
 * let text = '';
 * for await (const piece of generateText(model, { promptTokenIds: vocab.encode('The '), decode: (ids) => vocab.decode(ids) })) {
 *   text += piece;
 * }
 * ```
 */
export function generateText<State>(
  model: NextTokenModel<State>,
  options: GenerateOptions & { decode(tokenIds: ArrayLike<number>): string },
): AsyncIterable<string> {
  checkModel(model);
  const settings = checkOptions(model, options, ['decode']);
  if (settings.batchSize !== 1) {
    throw new InvalidArgumentError({
      parameter: 'batchSize',
      value: options.batchSize,
      expected: '1 (generateText streams a single row)',
    });
  }
  if (typeof options.decode !== 'function') {
    throw new InvalidArgumentError({
      parameter: 'decode',
      value: options.decode,
      expected: 'a function (tokenIds) => string',
    });
  }
  const run = new GenerationRun(model, settings);
  const toText = (step: GeneratedStep<State> | null): string | null => {
    if (step === null || settings.isStopToken[step.tokenIds[0]!] === 1) return null;
    const text: unknown = options.decode(step.tokenIds);
    if (typeof text !== 'string')
      throw new InvalidArgumentError({ parameter: 'decode(tokenIds)', value: text, expected: 'a string' });
    return text;
  };
  return new PullIterator<string>(
    () => {
      const step = run.advance();
      return isThenable(step) ? step.then(toText) : toText(step);
    },
    () => run.close(),
  );
}
