// Learning-rate schedules: constant, step decay, cosine and reduce-on-plateau, with plain-data state for resume.
// Leaves out warm-up ramps and cyclic schedules; the optimizer (optimizers.ts) receives the rate each step.

import { InvalidArgumentError } from '../errors.js';

/** How the learning rate moves over training. `step` counts updates already applied (0 for the first update). */
export type LearningRateScheduleConfig =
  | { readonly kind: 'constant' }
  /** `lr · factor^floor(step / every)`. */
  | { readonly kind: 'step'; readonly every: number; readonly factor: number }
  /** `min + (lr − min) · (1 + cos(π · min(step, totalSteps) / totalSteps)) / 2`; `minLearningRate` default 0. */
  | { readonly kind: 'cosine'; readonly totalSteps: number; readonly minLearningRate?: number }
  /**
   * Reduce on plateau: after `patience` evaluations in a row whose validation loss is not below the best so far by
   * more than `minDelta` (default 0), the rate is multiplied by `factor` (not below `minLearningRate`, default 0)
   * and the count restarts.
   */
  | {
      readonly kind: 'plateau';
      readonly factor: number;
      readonly patience: number;
      readonly minLearningRate?: number;
      readonly minDelta?: number;
    };

/** What a schedule carries between steps (only reduce-on-plateau carries anything that is not the step). */
export interface LearningRateScheduleState {
  readonly kind: LearningRateScheduleConfig['kind'];
  /** The plateau schedule's current rate; the base rate for the others. */
  readonly learningRate: number;
  /** Best validation loss seen by the plateau schedule (null before the first evaluation). */
  readonly bestValLoss: number | null;
  /** Evaluations since the last improvement (plateau). */
  readonly evalsWithoutImprovement: number;
}

/** A schedule bound to a base learning rate. */
export interface LearningRateSchedule {
  /** The rate of the update that follows `step` applied updates. */
  learningRateAt(step: number): number;
  /** Tells the schedule a validation loss (only reduce-on-plateau reacts); returns true when it cut the rate. */
  observeValidationLoss(valLoss: number): boolean;
  getState(): LearningRateScheduleState;
  /** Replaces the state; throws `InvalidArgumentError` when its kind differs. */
  setState(state: LearningRateScheduleState): void;
}

const SCHEDULE_KEYS: Record<LearningRateScheduleConfig['kind'], readonly string[]> = {
  constant: ['kind'],
  step: ['kind', 'every', 'factor'],
  cosine: ['kind', 'totalSteps', 'minLearningRate'],
  plateau: ['kind', 'factor', 'patience', 'minLearningRate', 'minDelta'],
};

function check(parameter: string, value: unknown, ok: (x: number) => boolean, expected: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new InvalidArgumentError({ parameter, value, expected });
  }
  return value;
}

/** Checks a schedule config (unknown keys rejected); `parameter` prefixes field names in errors. */
export function checkScheduleConfig(config: unknown, parameter = 'schedule'): LearningRateScheduleConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new InvalidArgumentError({ parameter, value: config, expected: 'an object with a kind' });
  }
  const record = config as Record<string, unknown>;
  const kind = record.kind;
  if (kind !== 'constant' && kind !== 'step' && kind !== 'cosine' && kind !== 'plateau') {
    throw new InvalidArgumentError({
      parameter: `${parameter}.kind`,
      value: kind,
      expected: '"constant", "step", "cosine" or "plateau"',
    });
  }
  for (const key of Object.keys(record)) {
    if (!SCHEDULE_KEYS[kind].includes(key)) {
      throw new InvalidArgumentError({
        parameter: `${parameter}.${key}`,
        value: record[key],
        expected: `absent (unknown key for ${kind}; known: ${SCHEDULE_KEYS[kind].join(', ')})`,
      });
    }
  }
  const factor = (): number =>
    check(`${parameter}.factor`, record.factor, (x) => x > 0 && x < 1, 'a number in (0, 1)');
  const minLearningRate = (): number =>
    check(`${parameter}.minLearningRate`, record.minLearningRate ?? 0, (x) => x >= 0, 'a number >= 0');
  const integer = (key: string): number =>
    check(`${parameter}.${key}`, record[key], (x) => Number.isInteger(x) && x >= 1, 'an integer >= 1');
  if (kind === 'constant') return { kind };
  if (kind === 'step') return { kind, every: integer('every'), factor: factor() };
  if (kind === 'cosine')
    return { kind, totalSteps: integer('totalSteps'), minLearningRate: minLearningRate() };
  return {
    kind,
    factor: factor(),
    patience: integer('patience'),
    minLearningRate: minLearningRate(),
    minDelta: check(`${parameter}.minDelta`, record.minDelta ?? 0, (x) => x >= 0, 'a number >= 0'),
  };
}

/**
 * Creates a schedule for `baseLearningRate`.
 *
 * @example
 * ```ts
 * const schedule = createSchedule({ kind: 'step', every: 1000, factor: 0.5 }, 2e-3);
 * schedule.learningRateAt(2500); // 5e-4
 * ```
 */
export function createSchedule(
  config: LearningRateScheduleConfig,
  baseLearningRate: number,
): LearningRateSchedule {
  const checked = checkScheduleConfig(config);
  let current = baseLearningRate;
  let best: number | null = null;
  let bad = 0;
  return {
    learningRateAt(step: number): number {
      if (checked.kind === 'step')
        return baseLearningRate * checked.factor ** Math.floor(step / checked.every);
      if (checked.kind === 'cosine') {
        const min = checked.minLearningRate ?? 0;
        const progress = Math.min(step, checked.totalSteps) / checked.totalSteps;
        return min + ((baseLearningRate - min) * (1 + Math.cos(Math.PI * progress))) / 2;
      }
      return checked.kind === 'plateau' ? current : baseLearningRate;
    },
    observeValidationLoss(valLoss: number): boolean {
      if (checked.kind !== 'plateau') return false;
      if (best === null || valLoss < best - (checked.minDelta ?? 0)) {
        best = valLoss;
        bad = 0;
        return false;
      }
      bad += 1;
      if (bad < checked.patience) return false;
      bad = 0;
      const reduced = Math.max(current * checked.factor, checked.minLearningRate ?? 0);
      const cut = reduced < current;
      current = reduced;
      return cut;
    },
    getState(): LearningRateScheduleState {
      return { kind: checked.kind, learningRate: current, bestValLoss: best, evalsWithoutImprovement: bad };
    },
    setState(state: LearningRateScheduleState): void {
      if (state.kind !== checked.kind) {
        throw new InvalidArgumentError({
          parameter: 'scheduleState.kind',
          value: state.kind,
          expected: `"${checked.kind}" (the schedule of these options)`,
        });
      }
      current = state.learningRate;
      best = state.bestValLoss;
      bad = state.evalsWithoutImprovement;
    },
  };
}
