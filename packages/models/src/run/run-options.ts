// The options of `runTraining()` (what the CLI passes), the records its callbacks receive, and their checks.
// Leaves out the run itself (run-training.ts) and the options of `train()` it forwards (training-options.ts).

import type { SplitFractions } from '@charloom/data';
import { CharVocab, type CharVocabJSON, type TokenIdArray } from '@charloom/tokenizer';
import { InvalidArgumentError } from '../errors.js';
import type { CharLanguageModelConfig } from '../lm/char-language-model.js';
import type { TrainResult } from '../training/train.js';
import type {
  CheckpointInfo,
  EvalReport,
  MetricsRecord,
  StepReport,
  TrainOptions,
} from '../training/training-options.js';

/** The corpus of a run: its text (or token ids) and the vocabulary that encodes it. */
export interface RunCorpus {
  /** How the caller names the corpus (`'moby-dick'`, a path); saved with the checkpoint. */
  readonly name: string;
  /** The whole corpus, encoded here with `vocab` (`encodeText` of `@charloom/data`). Give this or `tokenIds`. */
  readonly text?: string;
  /** The whole corpus already encoded with `vocab`. Give this or `text`. */
  readonly tokenIds?: TokenIdArray;
  /** A `CharVocab` or its `toJSON()`; saved with the checkpoint. */
  readonly vocab: CharVocab | CharVocabJSON;
  /** Contiguous split fractions (default 90/5/5, `DEFAULT_SPLIT`); the boundaries are saved with the checkpoint. */
  readonly fractions?: SplitFractions;
}

/** The model's config; `vocabSize` defaults to the vocabulary's size (and must equal it when given). */
export type RunModelConfig = Omit<CharLanguageModelConfig, 'vocabSize'> & { readonly vocabSize?: number };

/** The keys of `TrainOptions` that `runTraining` fills in itself. */
export type RunManagedTrainKey =
  | 'network'
  | 'train'
  | 'val'
  | 'vocabSize'
  | 'resumeFrom'
  | 'signal'
  | 'onStep'
  | 'onEval'
  | 'onCheckpoint'
  | 'onMetrics'
  | 'onWarning';

/** The options of `train()` a run takes: everything but the network, the data, the snapshot and the callbacks. */
export type RunTrainingConfig = Omit<TrainOptions, RunManagedTrainKey>;

/** What `onCheckpoint` of `runTraining` receives after a checkpoint was written. */
export interface RunCheckpointInfo extends CheckpointInfo {
  /** Updates applied at this checkpoint. */
  readonly step: number;
  /** Validation loss of the last evaluation (nats/char), or null when none ran. */
  readonly valLoss: number | null;
  /** The directories written: `<outDir>/last`, and `<outDir>/best` when `isBest`. */
  readonly dirs: readonly string[];
}

/** Options of `runTraining`. Unknown keys are rejected. */
export interface RunTrainingOptions {
  /** The run's directory: `last/`, `best/` and `metrics.jsonl` go here (created when missing). */
  readonly outDir: string;
  readonly corpus: RunCorpus;
  readonly model: RunModelConfig;
  readonly training: RunTrainingConfig;
  /**
   * Continue the run saved in `<outDir>/last` (its weights, optimizer, data position, RNGs). The model config,
   * vocabulary, corpus (length, split, content hash) and the training fields that fix the batches and the
   * optimizer's slots (`batching`, `batchSize`, `sequenceLength`, `seed`, `optimizer.name`) must equal the saved
   * ones; the budget, learning rate, schedule, evaluation and early stopping may change. Default false.
   */
  readonly resume?: boolean;
  /**
   * Without `resume`, an `outDir` that already holds a checkpoint is refused unless this is true, in which case its
   * `last/`, `best/` and `metrics.jsonl` are deleted first. Default false.
   */
  readonly overwrite?: boolean;
  /** Aborting stops at the next step: `last/` gets the final state and the run resolves with `'aborted'`. */
  readonly signal?: AbortSignal;
  /** Draw a sample every this many steps (integer >= 0; 0 = never). Default: `training.evalEvery` (or 100). */
  readonly sampleEvery?: number;
  /** Characters (tokens) per sample. Default 200. */
  readonly sampleLength?: number;
  /** Sampling temperature (0 = greedy). Default 1. */
  readonly sampleTemperature?: number;
  /** Text the sample is primed with. Default: the first character of the training split. */
  readonly samplePrompt?: string;
  readonly onStep?: (report: StepReport) => void | Promise<void>;
  readonly onEval?: (report: EvalReport) => void | Promise<void>;
  /** Every record also appended to `metrics.jsonl` (after it was written). */
  readonly onMetrics?: (record: MetricsRecord) => void | Promise<void>;
  /** The parameter-count rule of thumb, a changed corpus name or backend on resume, dropped metrics lines. */
  readonly onWarning?: (message: string) => void;
  /** A sample of `sampleLength` new characters (the prompt excluded), drawn after step `step`. */
  readonly onSample?: (text: string, step: number) => void | Promise<void>;
  /** Called after each checkpoint is on disk. */
  readonly onCheckpoint?: (info: RunCheckpointInfo) => void | Promise<void>;
}

/** What `runTraining` resolves to: `train()`'s result and where the run's files are. */
export interface RunTrainingResult extends TrainResult {
  readonly outDir: string;
  /** `<outDir>/last`: the final state (resume from here). */
  readonly lastDir: string;
  /** `<outDir>/best`: the lowest validation loss (exists once an evaluation ran). */
  readonly bestDir: string;
  /** `<outDir>/metrics.jsonl`. */
  readonly metricsFile: string;
  /** Trainable parameters of the model. */
  readonly parameterCount: number;
  /** The step the run resumed from, or null for a fresh run. */
  readonly resumedFromStep: number | null;
  /** The corpus split that was used (token positions where val and test start, and the corpus length). */
  readonly split: { readonly boundaries: readonly [number, number]; readonly length: number };
}

const OPTION_KEYS = [
  'outDir',
  'corpus',
  'model',
  'training',
  'resume',
  'overwrite',
  'signal',
  'sampleEvery',
  'sampleLength',
  'sampleTemperature',
  'samplePrompt',
  'onStep',
  'onEval',
  'onMetrics',
  'onWarning',
  'onSample',
  'onCheckpoint',
];
const CORPUS_KEYS = ['name', 'text', 'tokenIds', 'vocab', 'fractions'];
const MANAGED_KEYS: readonly RunManagedTrainKey[] = [
  'network',
  'train',
  'val',
  'vocabSize',
  'resumeFrom',
  'signal',
  'onStep',
  'onEval',
  'onCheckpoint',
  'onMetrics',
  'onWarning',
];

/** `RunTrainingOptions` checked, with the vocabulary built and the sampling defaults filled in. */
export interface CheckedRunOptions extends RunTrainingOptions {
  readonly vocabulary: CharVocab;
  readonly resume: boolean;
  readonly overwrite: boolean;
  readonly sampleEvery: number;
  readonly sampleLength: number;
  readonly sampleTemperature: number;
}

function fail(parameter: string, value: unknown, expected: string): never {
  throw new InvalidArgumentError({ parameter, value, expected });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rejectUnknown(parameter: string, record: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(record)) {
    if (!known.includes(key) && record[key] !== undefined) {
      fail(`${parameter}${key}`, record[key], `absent (known keys: ${known.join(', ')})`);
    }
  }
}

function integerAtLeast(parameter: string, value: unknown, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(parameter, value, `an integer >= ${min}`);
  }
  return value;
}

/**
 * Checks the run's own options (the model and training configs are checked by `CharLanguageModel` and `train()`):
 * unknown keys, the corpus (exactly one of `text`/`tokenIds`), the vocabulary, the sampling settings and the
 * callbacks. Throws `InvalidArgumentError` naming the field.
 */
export function checkRunOptions(options: RunTrainingOptions): CheckedRunOptions {
  if (!isObject(options)) fail('options', options, 'an object');
  rejectUnknown('', options, OPTION_KEYS);
  if (typeof options.outDir !== 'string' || options.outDir === '') {
    fail('outDir', options.outDir, 'a non-empty directory path');
  }
  const corpus = options.corpus as unknown;
  if (!isObject(corpus)) fail('corpus', corpus, 'an object { name, text or tokenIds, vocab }');
  rejectUnknown('corpus.', corpus, CORPUS_KEYS);
  if (typeof corpus.name !== 'string') fail('corpus.name', corpus.name, 'a string');
  if ((corpus.text === undefined) === (corpus.tokenIds === undefined)) {
    fail('corpus.text', corpus.text, 'given, or corpus.tokenIds given instead (exactly one of them)');
  }
  if (corpus.text !== undefined && typeof corpus.text !== 'string') {
    fail('corpus.text', corpus.text, 'a string');
  }
  if (
    corpus.tokenIds !== undefined &&
    !(
      corpus.tokenIds instanceof Int32Array ||
      corpus.tokenIds instanceof Uint16Array ||
      corpus.tokenIds instanceof Uint8Array
    )
  ) {
    fail('corpus.tokenIds', corpus.tokenIds, 'an Int32Array, Uint16Array or Uint8Array of token ids');
  }
  const vocabulary = corpus.vocab instanceof CharVocab ? corpus.vocab : CharVocab.fromJSON(corpus.vocab);
  if (!isObject(options.model)) fail('model', options.model, 'an object (a CharLanguageModelConfig)');
  if (!isObject(options.training)) fail('training', options.training, 'an object (the options of train())');
  for (const key of MANAGED_KEYS) {
    if ((options.training as Record<string, unknown>)[key] !== undefined) {
      fail(
        `training.${key}`,
        (options.training as Record<string, unknown>)[key],
        'absent (runTraining sets it)',
      );
    }
  }
  for (const key of ['resume', 'overwrite'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') fail(key, options[key], 'a boolean');
  }
  for (const key of ['onStep', 'onEval', 'onMetrics', 'onWarning', 'onSample', 'onCheckpoint'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function')
      fail(key, options[key], 'a function');
  }
  const evalEvery = options.training.evalEvery;
  const sampleEvery = integerAtLeast(
    'sampleEvery',
    options.sampleEvery ?? (typeof evalEvery === 'number' && evalEvery > 0 ? evalEvery : 100),
    0,
  );
  const sampleLength = integerAtLeast('sampleLength', options.sampleLength ?? 200, 1);
  const sampleTemperature = options.sampleTemperature ?? 1;
  if (typeof sampleTemperature !== 'number' || !Number.isFinite(sampleTemperature) || sampleTemperature < 0) {
    fail('sampleTemperature', sampleTemperature, 'a finite number >= 0');
  }
  if (
    options.samplePrompt !== undefined &&
    (typeof options.samplePrompt !== 'string' || options.samplePrompt === '')
  ) {
    fail('samplePrompt', options.samplePrompt, 'a non-empty string');
  }
  return {
    ...options,
    vocabulary,
    resume: options.resume ?? false,
    overwrite: options.overwrite ?? false,
    sampleEvery,
    sampleLength,
    sampleTemperature,
  };
}
