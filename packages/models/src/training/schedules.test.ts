import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { checkScheduleConfig, createSchedule } from './schedules.js';

describe('learning-rate schedules (hand values)', () => {
  it('constant', () => {
    const s = createSchedule({ kind: 'constant' }, 0.01);
    expect([0, 1, 1000].map((k) => s.learningRateAt(k))).toEqual([0.01, 0.01, 0.01]);
  });

  it('step decay: lr · factor^floor(step / every)', () => {
    const s = createSchedule({ kind: 'step', every: 10, factor: 0.5 }, 0.08);
    expect([0, 9, 10, 19, 20, 35].map((k) => s.learningRateAt(k))).toEqual([
      0.08, 0.08, 0.04, 0.04, 0.02, 0.01,
    ]);
  });

  it('cosine: from lr to minLearningRate over totalSteps, then flat', () => {
    const s = createSchedule({ kind: 'cosine', totalSteps: 100, minLearningRate: 0.001 }, 0.011);
    expect(s.learningRateAt(0)).toBeCloseTo(0.011, 12);
    expect(s.learningRateAt(50)).toBeCloseTo(0.006, 12); // 0.001 + 0.01 · (1 + cos(π/2)) / 2
    expect(s.learningRateAt(25)).toBeCloseTo(0.001 + (0.01 * (1 + Math.SQRT1_2)) / 2, 12);
    expect(s.learningRateAt(100)).toBeCloseTo(0.001, 12);
    expect(s.learningRateAt(500)).toBeCloseTo(0.001, 12);
    const noMin = createSchedule({ kind: 'cosine', totalSteps: 4 }, 1);
    expect([0, 1, 2, 3, 4].map((k) => noMin.learningRateAt(k))).toEqual([
      1,
      expect.closeTo((1 + Math.SQRT1_2) / 2, 12),
      expect.closeTo(0.5, 12),
      expect.closeTo((1 - Math.SQRT1_2) / 2, 12),
      expect.closeTo(0, 12),
    ]);
  });

  it('reduce on plateau: cuts by factor after patience evals without improvement, floored, state round-trips', () => {
    const s = createSchedule({ kind: 'plateau', factor: 0.5, patience: 2, minLearningRate: 0.03 }, 0.1);
    const seen: number[] = [];
    for (const loss of [2.0, 1.9, 1.95, 1.9, 1.8, 1.85, 1.81, 1.9, 1.9, 1.9, 1.9]) {
      s.observeValidationLoss(loss);
      seen.push(s.learningRateAt(1000));
    }
    // best 2.0 → 1.9 → (1.95, 1.9: 2 bad → 0.05) → 1.8 → (1.85, 1.81 → 0.03 floor: 0.025 < 0.03) → stays at 0.03
    expect(seen).toEqual([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.03, 0.03, 0.03, 0.03, 0.03]);
    const copy = createSchedule({ kind: 'plateau', factor: 0.5, patience: 2 }, 0.1);
    copy.setState(s.getState());
    expect(copy.getState()).toEqual(s.getState());
    const withDelta = createSchedule({ kind: 'plateau', factor: 0.1, patience: 1, minDelta: 0.5 }, 1);
    withDelta.observeValidationLoss(3);
    withDelta.observeValidationLoss(2.6); // better, but not by more than 0.5
    expect(withDelta.learningRateAt(0)).toBeCloseTo(0.1, 12);
  });

  it('rejects bad configs with typed errors naming the field', () => {
    expect(() => checkScheduleConfig({ kind: 'exp' })).toThrow(/schedule.kind must be/);
    expect(() => checkScheduleConfig({ kind: 'step', every: 0, factor: 0.5 })).toThrow(InvalidArgumentError);
    expect(() => checkScheduleConfig({ kind: 'step', every: 10, factor: 1.5 })).toThrow(
      'schedule.factor must be a number in (0, 1), got 1.5',
    );
    expect(() => checkScheduleConfig({ kind: 'constant', every: 3 })).toThrow(
      /schedule.every must be absent/,
    );
    expect(() => createSchedule({ kind: 'constant' }, 1).setState({ kind: 'step' } as never)).toThrow(
      /scheduleState.kind/,
    );
  });
});
