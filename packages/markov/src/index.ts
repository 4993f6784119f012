// Public entry of @charloom/markov: an order-k character Markov model with smoothing, sampling and save/load.
// Browser-safe: no Node built-ins; reading and writing files is the caller's job (bytes in, bytes out).

export type { ContextTreeArrays } from './context-tree.js';
export { InvalidArgumentError, MarkovError, ModelFormatError } from './errors.js';
export {
  generateMarkov,
  type MarkovGenerateOptions,
  type MarkovSample,
  type MarkovToken,
  sampleMarkov,
} from './generate.js';
export {
  type CrossEntropy,
  type EvaluateOptions,
  MAX_ORDER,
  MarkovModel,
  type MarkovModelOptions,
  type MarkovModelStats,
  type MarkovNextTokenModel,
  type MarkovState,
} from './markov-model.js';
export { MARKOV_FORMAT_VERSION, modelFromBytes, modelToBytes } from './serialize.js';
export { type Discounts, estimateDiscounts, SMOOTHINGS, type Smoothing } from './smoothing.js';
