// One text sample from a CharLanguageModel, as training shows it now and then (generateText of @charloom/sampling).
// Leaves out batched samples, top-k/top-p and streaming (the CLI's `sample` command calls generateText itself).

import { generateText } from '@charloom/sampling';
import type { CharVocab } from '@charloom/tokenizer';
import type { CharLanguageModel } from '../lm/char-language-model.js';

/** Options of `sampleText`. */
export interface SampleTextOptions {
  /** Token ids the state is warmed on (non-empty); they are not part of the result. */
  readonly promptTokenIds: Int32Array;
  /** New tokens to draw. */
  readonly length: number;
  /** 0 = greedy. */
  readonly temperature: number;
  readonly seed: number;
  /** Aborting ends the sample early (shorter text, no error). */
  readonly signal?: AbortSignal | undefined;
}

/** Draws `length` tokens after the prompt and returns their text (special tokens as their strings). */
export async function sampleText(
  model: CharLanguageModel,
  vocab: CharVocab,
  options: SampleTextOptions,
): Promise<string> {
  let text = '';
  for await (const piece of generateText(model, {
    promptTokenIds: options.promptTokenIds,
    config: { temperature: options.temperature, seed: options.seed },
    maxLength: options.length,
    decode: (tokenIds) => vocab.decode(tokenIds),
    ...(options.signal ? { signal: options.signal } : {}),
  })) {
    text += piece;
  }
  return text;
}
