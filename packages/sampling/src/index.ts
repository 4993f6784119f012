// Public entry of @charloom/sampling: from Float32Array logits to the next token, and the generation loop.
// Leaves out internals (quickselect, scratch buffers, the pull iterator); nothing here touches Node built-ins.

export {
  InvalidArgumentError,
  type InvalidArgumentErrorOptions,
  InvalidLogitsError,
  type InvalidLogitsErrorOptions,
  ModelOutputError,
  type ModelOutputErrorOptions,
  SamplingError,
} from './errors.js';
export {
  type GeneratedStep,
  type GenerateOptions,
  generate,
  generateText,
  type NextTokenModel,
  STOPPED_TOKEN_ID,
  type StepOutput,
} from './generate.js';
export {
  createGenerationConfig,
  DEFAULT_GENERATION_CONFIG,
  type GenerationConfig,
} from './generation-config.js';
export {
  composeProcessors,
  EMPTY_LOGITS_CONTEXT,
  type LogitsContext,
  type LogitsProcessor,
} from './logits-processor.js';
export { greedy, sampleMultinomial } from './pick.js';
export { repetitionPenalty } from './repetition-penalty.js';
export { createRng, type RandomSource, SeededRng } from './rng.js';
export { createSampler, type TokenSampler } from './sampler.js';
export { logSoftmax, softmax } from './softmax.js';
export { temperature } from './temperature.js';
export { topK } from './top-k.js';
export { topP } from './top-p.js';
