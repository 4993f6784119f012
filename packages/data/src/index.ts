// Public entry of @charloom/data: splits, batchers, toy tasks, strict UTF-8 and chunked encoding — typed arrays only.
// Browser-safe: no Node built-ins. Reading files and the npm corpora lives in the `@charloom/data/node` subpath.

export { type AdditionTaskOptions, additionTask } from './addition-task.js';
export type { Batcher, PaddedBatch, TokenBatch } from './batch.js';
export { BATCHER_STATE_VERSION } from './batcher-state.js';
export {
  type ContiguousStreams,
  type ContiguousStreamsOptions,
  type ContiguousStreamsState,
  contiguousStreams,
  type RaggedEnd,
} from './contiguous-streams.js';
export { type CopyTaskOptions, copyTask } from './copy-task.js';
export { type EncodeTextOptions, encodeText } from './encode-text.js';
export {
  CorpusError,
  type CorpusErrorOptions,
  type CorpusErrorReason,
  DataError,
  InvalidArgumentError,
  type InvalidArgumentErrorOptions,
  InvalidUtf8Error,
  type InvalidUtf8ErrorOptions,
} from './errors.js';
export {
  type PaddedSequencesOptions,
  type PaddedSequencesState,
  paddedSequences,
} from './padded-sequences.js';
export { RNG_STREAMS } from './random.js';
export { type RandomWindowsOptions, type RandomWindowsState, randomWindows } from './random-windows.js';
export { type ReadingHeadsOptions, type ReadingHeadsState, readingHeads } from './reading-heads.js';
export { type Seq2SeqExample, type Seq2SeqTask, TASK_SPECIAL_TOKENS } from './seq2seq.js';
export { type SineWaves, type SineWavesOptions, sineWaves } from './sine-waves.js';
export { type ContiguousSplit, splitContiguous } from './split-contiguous.js';
export { DEFAULT_SPLIT, type SplitFractions } from './split-fractions.js';
export { type ItemSplit, splitItems } from './split-items.js';
export { type DecodeUtf8Options, decodeUtf8 } from './utf8.js';
