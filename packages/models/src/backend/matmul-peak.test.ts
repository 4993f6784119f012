import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { matmulCaseLabel, measureMatmulGflops, measureMatmulPeak } from './matmul-peak.js';
import './test-helpers.js';

describe('matmul peak measurement', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('labels cases by size and transpose flags', () => {
    expect(matmulCaseLabel({ m: 32, k: 256, n: 1024 })).toBe('32x256x1024');
    expect(matmulCaseLabel({ m: 2, k: 3, n: 4, transposeA: true, transposeB: true })).toBe('2x3x4 tA tB');
    expect(matmulCaseLabel({ m: 2, k: 3, n: 4, transposeB: true })).toBe('2x3x4 tB');
  });

  it('reports a positive, finite GFLOP/s and the best case as the peak, leaking no tensors', async () => {
    const timing = { runs: 3, warmupRuns: 1, minRunMs: 1 };
    const tensors = tf.memory().numTensors;
    const single = await measureMatmulGflops({ m: 3, k: 4, n: 5, transposeA: true }, timing);
    expect(Number.isFinite(single) && single > 0).toBe(true);
    const peak = await measureMatmulPeak(
      [
        { m: 2, k: 3, n: 4 },
        { m: 4, k: 4, n: 4, transposeB: true },
      ],
      timing,
    );
    expect(peak.backend).toBe('cpu');
    expect(Object.keys(peak.gflops)).toEqual(['2x3x4', '4x4x4 tB']);
    expect(peak.peakGflops).toBe(Math.max(...Object.values(peak.gflops)));
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
