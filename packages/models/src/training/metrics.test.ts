import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../recurrent/test-support.js';
import { evaluateNetwork, toTimeMajor } from './metrics.js';
import { tinyNetwork, VAL_IDS, VOCAB } from './test-fixtures.js';

describe('validation metrics (cpu)', () => {
  beforeAll(() => useBackend('cpu'));

  it('transposes row-major batches to time-major', () => {
    expect(Array.from(toTimeMajor(Int32Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('equals a hand computation over one stream, and carrying state across batches changes nothing', async () => {
    const network = tinyNetwork({ numLayers: 2 });
    const tokens = VAL_IDS.subarray(0, 25);
    // Reference: the whole stream in one call, loss = −mean log softmax(logits)[target], accuracy by arg-max.
    const reference = tf.tidy(() => {
      const inputs = tf.tensor2d(tokens.subarray(0, 24), [24, 1], 'int32');
      const logits = tf.reshape(network.apply(inputs).logits, [24, VOCAB]);
      const logProbs = tf.logSoftmax(logits).arraySync() as number[][];
      const predicted = tf.argMax(logits, 1).arraySync() as number[];
      let loss = 0;
      let correct = 0;
      for (let t = 0; t < 24; t++) {
        const target = tokens[t + 1] as number;
        loss -= logProbs[t]?.[target] as number;
        if (predicted[t] === target) correct++;
      }
      return { loss: loss / 24, accuracy: correct / 24 };
    });
    const before = tf.memory().numTensors;
    const whole = await evaluateNetwork(network, tokens, { batchSize: 1, sequenceLength: 24, maxBatches: 0 });
    const pieces = await evaluateNetwork(network, tokens, { batchSize: 1, sequenceLength: 5, maxBatches: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect(whole.positions).toBe(24);
    expect(pieces.positions).toBe(24); // 4 batches of 5 and a short one of 4
    expect(whole.loss).toBeCloseTo(reference.loss, 5);
    expect(pieces.loss).toBeCloseTo(reference.loss, 5);
    expect(whole.accuracy).toBe(reference.accuracy);
    expect(pieces.bitsPerChar).toBeCloseTo(pieces.loss / Math.LN2, 12);
    const capped = await evaluateNetwork(network, tokens, { batchSize: 1, sequenceLength: 5, maxBatches: 2 });
    expect(capped.positions).toBe(10);
    network.dispose();
  });
});
