// The typed error a training run throws when its loss turns NaN/infinite or climbs far above the first loss.
// Leaves out recovery: the caller keeps the last snapshot it was given (nothing newer is emitted after divergence).

import { ModelsError } from '../errors.js';

/** What a {@link TrainingDivergedError} is built from. */
export interface TrainingDivergedErrorDetails {
  /** The step (1-based) whose loss diverged; its update was not applied. */
  readonly step: number;
  /** The offending loss: a training loss, or a validation loss when `phase` is `'eval'`. */
  readonly loss: number;
  /** The first training loss of the run, the reference of the ratio test. */
  readonly referenceLoss: number | null;
  /** The learning rate in use. */
  readonly learningRate: number;
  /** What diverged: `'loss'` (NaN/∞), `'ratio'` (above factor × reference), `'gradient'` (NaN/∞ norm). */
  readonly reason: 'loss' | 'ratio' | 'gradient';
  readonly phase: 'train' | 'eval';
  /** The step of the last snapshot handed to `onCheckpoint`, or null when none was. */
  readonly lastSnapshotStep: number | null;
}

/**
 * Training diverged. The message names the step, the loss and the learning rate and suggests a lower one; the
 * last snapshot passed to `onCheckpoint` (if any) is the last good one.
 */
export class TrainingDivergedError extends ModelsError {
  readonly step: number;
  readonly loss: number;
  readonly referenceLoss: number | null;
  readonly learningRate: number;
  readonly reason: TrainingDivergedErrorDetails['reason'];
  readonly phase: TrainingDivergedErrorDetails['phase'];
  readonly lastSnapshotStep: number | null;

  constructor(details: TrainingDivergedErrorDetails) {
    const what =
      details.reason === 'gradient'
        ? `the gradient norm is ${details.loss}`
        : details.reason === 'loss'
          ? `the ${details.phase === 'eval' ? 'validation' : 'training'} loss is ${details.loss}`
          : `the ${details.phase === 'eval' ? 'validation' : 'training'} loss ${details.loss.toFixed(4)} is far above the first loss ${details.referenceLoss?.toFixed(4)}`;
    const kept =
      details.lastSnapshotStep === null
        ? 'no checkpoint was emitted before it'
        : `the last good checkpoint is the one of step ${details.lastSnapshotStep}`;
    super(
      `training diverged at step ${details.step}: ${what} (learning rate ${details.learningRate}); ${kept}. ` +
        'Try a lower learning rate (e.g. a third of it) or a smaller gradientClipNorm.',
    );
    this.name = 'TrainingDivergedError';
    this.step = details.step;
    this.loss = details.loss;
    this.referenceLoss = details.referenceLoss;
    this.learningRate = details.learningRate;
    this.reason = details.reason;
    this.phase = details.phase;
    this.lastSnapshotStep = details.lastSnapshotStep;
  }
}
