// What a generation stepper is: one recurrent step for a fixed batch size, Float32Arrays in and out.
// Leaves out the implementations (wasm-stepper.ts, ops-stepper.ts) and input validation (the language model's job).

import type { CharLanguageModelState } from './lm-state.js';

/** What one step returns: next-token logits `[batchSize·vocabSize]` and the state after the step. */
export interface StepResult {
  readonly logits: Float32Array;
  readonly state: CharLanguageModelState;
}

/**
 * Runs the network one step at a time for a fixed batch size. `step` reads `state` (never writes it) and the
 * already validated `tokenIds` `[batchSize]`.
 */
export interface Stepper {
  readonly batchSize: number;
  step(state: CharLanguageModelState, tokenIds: Int32Array): StepResult | Promise<StepResult>;
  /** Frees what the stepper holds (wasm heap buffers, tensors). */
  dispose(): void;
}
