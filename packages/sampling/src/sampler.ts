// The token sampler built from a GenerationConfig: penalty -> temperature -> top-k -> top-p -> draw.
// Leaves out the generation loop (generate.ts) and batching: one row of logits per call.

import { InvalidArgumentError } from './errors.js';
import { createGenerationConfig, type GenerationConfig } from './generation-config.js';
import { composeProcessors, type LogitsContext, type LogitsProcessor } from './logits-processor.js';
import { assertLogitsArray } from './max-logit.js';
import { drawFromWeights, greedy, sampleScaled } from './pick.js';
import { repetitionPenalty } from './repetition-penalty.js';
import { createRng, type RandomSource } from './rng.js';
import { temperature as temperatureProcessor } from './temperature.js';
import { topK as topKProcessor } from './top-k.js';
import { NucleusFilter } from './top-p.js';

/** Picks one token id from one row of logits. Stateful: it owns its random source and scratch buffers. */
export interface TokenSampler {
  /** The next token id for `logits` (one row, length vocabSize). Never modifies `logits`. */
  sample(logits: Float32Array, context: LogitsContext): number;
}

/**
 * A sampler for `config` (validated again here), drawing from `rng` (default `createRng(config.seed)`).
 *
 * Processing order, on a scratch copy of the logits that the sampler reuses across calls:
 * 1. repetition penalty (if `repetitionPenalty > 1`), over the last `repetitionWindow` ids of the context;
 * 2. temperature (if not 1); 3. top-k (if `topK > 0`); 4. top-p (if `topP < 1`), computed on the
 * distribution left by the steps before it; 5. a multinomial draw using one `rng.nextFloat()`.
 * `temperature: 0` means greedy: the argmax after the penalty (ties to the lowest index), no random draw;
 * top-k and top-p are skipped because they always keep the argmax.
 *
 * Two shortcuts give the same draws as running the processors and then `sampleMultinomial`:
 * - with top-p on, the draw reuses the weights top-p computed (bit for bit what `sampleMultinomial` would
 *   compute from the masked logits);
 * - with top-p off, the temperature is folded into the draw's exponent (`exp((x - max) * (1 / t))` in
 *   float64) instead of being written to the float32 scratch copy; top-k keeps the same tokens either way
 *   (scaling by 1/t > 0 preserves order), and only float rounding differs. When `1 / t` overflows to
 *   Infinity (t below about 5.6e-309) the temperature processor runs instead.
 *
 * Both paths subtract the row maximum before scaling, so however small `t` is the maximum stays 0 and the
 * other entries can only overflow to -Infinity: as t goes to 0 the draws become exactly greedy (on rows
 * whose maximum is unique), and logits that are all negative (log-probabilities) stay drawable.
 */
export function createSampler(config: GenerationConfig, rng?: RandomSource): TokenSampler {
  const checked = createGenerationConfig(config);
  const source = rng ?? createRng(checked.seed);
  if (typeof source !== 'object' || source === null || typeof source.nextFloat !== 'function') {
    throw new InvalidArgumentError({
      parameter: 'rng',
      value: source,
      expected: 'a RandomSource (an object with nextFloat())',
    });
  }
  const isGreedy = checked.temperature === 0;
  const processors: LogitsProcessor[] = [];
  if (checked.repetitionPenalty > 1) {
    processors.push(repetitionPenalty(checked.repetitionPenalty, checked.repetitionWindow));
  }
  let scale = 1;
  let nucleus: NucleusFilter | undefined;
  if (!isGreedy) {
    const inverse = 1 / checked.temperature;
    if (checked.topP === 1 && Number.isFinite(inverse)) scale = inverse;
    else processors.push(temperatureProcessor(checked.temperature));
    if (checked.topK > 0) processors.push(topKProcessor(checked.topK));
    if (checked.topP < 1) nucleus = new NucleusFilter(checked.topP);
  }
  const chain = composeProcessors(processors);
  const copies = processors.length > 0 || nucleus !== undefined;
  let scratch = new Float32Array(0);
  return {
    sample(logits, context) {
      assertLogitsArray(logits);
      let row = logits;
      if (copies) {
        if (scratch.length !== logits.length) scratch = new Float32Array(logits.length);
        scratch.set(logits);
        row = chain(scratch, context);
      }
      if (isGreedy) return greedy(row);
      if (nucleus !== undefined) {
        const kept = nucleus.apply(row);
        return drawFromWeights(nucleus.weights, row.length, kept, source);
      }
      return sampleScaled(row, scale, source);
    },
  };
}
