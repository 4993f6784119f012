import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors.js';
import { CHECKPOINT_FILES, type CheckpointParts } from './checkpoint-format.js';
import { decodeCheckpoint } from './decode-checkpoint.js';
import { encodeCheckpoint, jsonBytes } from './encode-checkpoint.js';
import { CheckpointError } from './errors.js';
import { sha256Hex } from './sha256.js';
import { bitsOf, sampleParts } from './test-support.js';

type Files = Map<string, Uint8Array>;

const reader = (files: Files) => async (name: string) => files.get(name);

function parseFile(files: Files, name: string): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(files.get(name)!)) as Record<string, unknown>;
}

/** Rewrites config.json with `edit` applied; `rerecord` re-records every other file's length and checksum. */
function editConfig(files: Files, edit: (config: Record<string, unknown>) => void, rerecord = false): Files {
  const config = parseFile(files, CHECKPOINT_FILES.config);
  edit(config);
  if (rerecord) {
    const records: Record<string, unknown> = {};
    for (const [name, bytes] of files)
      if (name !== CHECKPOINT_FILES.config) records[name] = { bytes: bytes.length, sha256: sha256Hex(bytes) };
    config['files'] = records;
  }
  return new Map([...files, [CHECKPOINT_FILES.config, jsonBytes(config)]]);
}

async function decodeError(files: Files): Promise<CheckpointError> {
  const error = await decodeCheckpoint(reader(files), { path: '/runs/x/last' }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CheckpointError);
  expect((error as Error).message).not.toContain('\n');
  return error as CheckpointError;
}

function encodeError(parts: unknown): InvalidArgumentError {
  try {
    encodeCheckpoint(parts as CheckpointParts);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error('encodeCheckpoint did not throw');
}

describe('encodeCheckpoint / decodeCheckpoint round trip', () => {
  it('returns every part, weights and training-state arrays bit for bit', async () => {
    const parts = sampleParts(7);
    const files = encodeCheckpoint(parts);
    expect([...files.keys()]).toEqual([
      'config.json',
      'weights_manifest.json',
      'weights.bin',
      'training-state.json',
      'training-state.bin',
    ]);
    const checkpoint = await decodeCheckpoint(reader(files));
    expect(checkpoint.formatVersion).toBe(1);
    expect(checkpoint.modelConfig).toEqual(parts.modelConfig);
    expect(checkpoint.modelConfig['recurrentActivation' as 'cell']).toBe('sigmoid');
    expect(checkpoint.vocab).toEqual(parts.vocab);
    expect(checkpoint.trainingConfig).toEqual(parts.trainingConfig);
    expect(checkpoint.data).toEqual(parts.data);
    expect(checkpoint.metrics).toEqual(parts.metrics);
    expect(checkpoint.trainingState?.json).toEqual(parts.trainingState?.json);
    const pairs = [
      [checkpoint.weights, parts.weights],
      [checkpoint.trainingState?.arrays ?? [], parts.trainingState?.arrays ?? []],
    ] as const;
    for (const [decoded, original] of pairs) {
      expect(decoded.map(({ name, shape }) => ({ name, shape }))).toEqual(
        original.map(({ name, shape }) => ({ name, shape })),
      );
      decoded.forEach((array, i) => {
        expect(array.values).toBeInstanceOf(Float32Array);
        expect(bitsOf(array.values)).toEqual(bitsOf(original[i]!.values));
      });
    }
  });

  it('keeps absent optional parts absent and reads arrays from unaligned, offset buffers', async () => {
    const { modelConfig, vocab, weights } = sampleParts(3);
    const files = encodeCheckpoint({ modelConfig, vocab, weights });
    expect([...files.keys()]).toEqual(['config.json', 'weights_manifest.json', 'weights.bin']);
    const shifted = new Map(
      [...files].map(([name, bytes]) => {
        const padded = new Uint8Array(bytes.length + 3);
        padded.set(bytes, 3);
        return [name, padded.subarray(3)] as const;
      }),
    );
    const checkpoint = await decodeCheckpoint(reader(shifted));
    expect(Object.keys(checkpoint).sort()).toEqual(['formatVersion', 'modelConfig', 'vocab', 'weights']);
    expect(bitsOf(checkpoint.weights[1]!.values)).toEqual(bitsOf(weights[1]!.values));
  });

  it('writes config.json with format, version and the SHA-256 of every other file', () => {
    const files = encodeCheckpoint(sampleParts());
    const config = parseFile(files, 'config.json');
    expect(config['format']).toBe('charloom.checkpoint');
    expect(config['version']).toBe(1);
    const records = config['files'] as Record<string, { bytes: number; sha256: string }>;
    expect(Object.keys(records).sort()).toEqual([
      'training-state.bin',
      'training-state.json',
      'weights.bin',
      'weights_manifest.json',
    ]);
    for (const [name, record] of Object.entries(records)) {
      expect(record.bytes).toBe(files.get(name)!.length);
      expect(record.sha256).toBe(createHash('sha256').update(files.get(name)!).digest('hex'));
    }
  });
});

describe('weights in the tf.io weights-manifest layout', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('loads with tf.io.decodeWeights and with the loader tf.io.loadWeights uses', async () => {
    const parts = sampleParts(11);
    const files = encodeCheckpoint(parts);
    const manifest = parseFile(files, 'weights_manifest.json') as unknown as tf.io.WeightsManifestConfig;
    expect(manifest).toEqual([
      {
        paths: ['weights.bin'],
        weights: parts.weights.map(({ name, shape }) => ({ name, shape, dtype: 'float32' })),
      },
    ]);
    const bin = files.get('weights.bin')!;
    const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
    const before = tf.memory().numTensors;
    const decoded = tf.io.decodeWeights(buffer, manifest[0]!.weights);
    const load = tf.io.weightsLoaderFactory(async (urls) =>
      urls.map((url) => {
        const bytes = files.get(url.replace(/^\.?\//, ''))!;
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      }),
    );
    const loaded = await load(manifest, './');
    for (const tensors of [decoded, loaded]) {
      for (const { name, shape, values } of parts.weights) {
        const tensor = tensors[name]!;
        expect(tensor.shape).toEqual(shape);
        expect(tensor.dtype).toBe('float32');
        expect(bitsOf(tensor.dataSync() as Float32Array)).toEqual(bitsOf(values));
      }
      tf.dispose(tensors);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('encodeCheckpoint rejects bad parts, naming them', () => {
  const parts = sampleParts();
  const weightsWith = (index: number, change: object) =>
    parts.weights.map((weight, i) => (i === index ? { ...weight, ...change } : weight));

  it.each([
    [
      'a values array of the wrong length',
      { weights: weightsWith(1, { values: new Float32Array(17) }) },
      "weights[1].values must be a Float32Array of length 18 (shape [2,9] of 'gru_0/kernel'), got Float32Array(17)",
    ],
    [
      'values that are not a Float32Array',
      { weights: weightsWith(3, { values: [0.5] }) },
      'weights[3].values must be a Float32Array of length 1',
    ],
    [
      'a duplicate weight name',
      { weights: weightsWith(2, { name: 'gru_0/kernel' }) },
      'weights[2].name must be a name not used by another array (names must be unique), got "gru_0/kernel"',
    ],
    [
      'a zero dimension',
      { weights: weightsWith(0, { shape: [5, 0] }) },
      'weights[0].shape must be an array of positive integers, got [5,0]',
    ],
    [
      'a non-integer dimension',
      { weights: weightsWith(0, { shape: [2.5, 2] }) },
      'weights[0].shape must be an array of positive integers, got [2.5,2]',
    ],
    [
      'an unknown cell',
      { modelConfig: { ...parts.modelConfig, cell: 'lstmx' } },
      `modelConfig.cell must be one of 'lstm', 'gru', 'rnn', got "lstmx"`,
    ],
    [
      'a hiddenSize of 0',
      { modelConfig: { ...parts.modelConfig, hiddenSize: 0 } },
      'modelConfig.hiddenSize must be an integer >= 1, got 0',
    ],
    [
      'dropout 1',
      { modelConfig: { ...parts.modelConfig, dropout: 1 } },
      'modelConfig.dropout must be a number in [0, 1), got 1',
    ],
    [
      'a vocabSize that differs from the vocab',
      { modelConfig: { ...parts.modelConfig, vocabSize: 9 } },
      "modelConfig.vocabSize must be the vocab's size, 4 (special tokens included), got 9",
    ],
    ['a vocab that is not a CharVocab', { vocab: { format: 'nope' } }, 'vocab must be a saved CharVocab'],
    [
      'NaN in the training config',
      { trainingConfig: { schedule: { decay: Number.NaN } } },
      'trainingConfig.schedule.decay must be a finite number (JSON has no NaN or Infinity), got NaN',
    ],
    [
      'a class instance in the data description',
      { data: { when: new Date(0) } },
      'data.when must be JSON data (a plain object or array, not a class instance or typed array)',
    ],
    [
      'negative steps in the metrics',
      { metrics: { bestValLoss: null, steps: -1, trainingSeconds: 0 } },
      'metrics.steps must be an integer >= 0, got -1',
    ],
    [
      'a training state without json',
      { trainingState: { arrays: [] } },
      'trainingState.json must be JSON data (null if none), got undefined',
    ],
    [
      'training-state arrays with a wrong length',
      {
        trainingState: {
          json: null,
          arrays: [{ name: 'm', shape: [2, 2], values: new Float32Array(3) }],
        },
      },
      "trainingState.arrays[0].values must be a Float32Array of length 4 (shape [2,2] of 'm'), got Float32Array(3)",
    ],
    [
      'an unknown part',
      { metric: {} },
      'metric must be absent (a checkpoint has modelConfig, vocab, weights',
    ],
  ])('%s', (_label, change, message) => {
    expect(encodeError({ ...parts, ...change }).message).toContain(message);
  });

  it('rejects a cycle in caller JSON', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    expect(encodeError({ ...parts, data: cyclic }).message).toContain(
      'data.self must be JSON data without cycles',
    );
  });
});

describe('decodeCheckpoint rejects bad files with one line naming the file and the problem', () => {
  const files = encodeCheckpoint(sampleParts());
  const replace = (name: string, bytes: Uint8Array | undefined): Files => {
    const copy = new Map(files);
    if (bytes === undefined) copy.delete(name);
    else copy.set(name, bytes);
    return copy;
  };
  const weightsBytes = files.get('weights.bin')!.length;

  it('a missing config.json', async () => {
    const error = await decodeError(replace('config.json', undefined));
    expect(error.code).toBe('missing-file');
    expect(error.message).toBe('checkpoint /runs/x/last: config.json: missing (not a checkpoint directory?)');
  });

  it('a missing weights.bin', async () => {
    const error = await decodeError(replace('weights.bin', undefined));
    expect(error).toMatchObject({ code: 'missing-file', file: 'weights.bin', path: '/runs/x/last' });
    expect(error.message).toBe('checkpoint /runs/x/last: weights.bin: missing (config.json lists it)');
  });

  it('a truncated weights.bin, with the expected and actual byte counts', async () => {
    const error = await decodeError(replace('weights.bin', files.get('weights.bin')!.subarray(0, 10)));
    expect(error.code).toBe('truncated');
    expect(error.message).toBe(
      `checkpoint /runs/x/last: weights.bin: truncated: expected ${weightsBytes} bytes (as config.json records), got 10`,
    );
  });

  it('a truncated training-state.bin', async () => {
    const error = await decodeError(replace('training-state.bin', new Uint8Array(4)));
    expect(error).toMatchObject({ code: 'truncated', file: 'training-state.bin' });
    expect(error.message).toContain('expected 144 bytes (as config.json records), got 4');
  });

  it('a file longer than recorded', async () => {
    const longer = new Uint8Array(weightsBytes + 4);
    longer.set(files.get('weights.bin')!);
    const error = await decodeError(replace('weights.bin', longer));
    expect(error.code).toBe('corrupted');
    expect(error.message).toContain(
      `weights.bin: has ${weightsBytes + 4} bytes, but config.json records ${weightsBytes}`,
    );
  });

  it('a flipped bit (checksum mismatch)', async () => {
    const corrupted = files.get('weights.bin')!.slice();
    corrupted[5] = corrupted[5]! ^ 1;
    const error = await decodeError(replace('weights.bin', corrupted));
    expect(error.code).toBe('corrupted');
    expect(error.message).toMatch(
      /^checkpoint \/runs\/x\/last: weights\.bin: checksum mismatch \(corrupted\): SHA-256 is [0-9a-f]{64}, config\.json records [0-9a-f]{64}$/,
    );
  });

  it('a newer format version, saying which version this build reads', async () => {
    const error = await decodeError(editConfig(files, (config) => (config['version'] = 2)));
    expect(error.code).toBe('incompatible-version');
    expect(error.message).toBe(
      'checkpoint /runs/x/last: config.json: format version 2 is newer than this build of @charloom/models reads ' +
        '(it reads version 1); upgrade @charloom/models',
    );
  });

  it.each([
    [
      (config: Record<string, unknown>) => (config['format'] = 'tfjs'),
      `format must be 'charloom.checkpoint', got "tfjs"`,
    ],
    [(config: Record<string, unknown>) => (config['version'] = 0), 'version must be an integer >= 1, got 0'],
    [(config: Record<string, unknown>) => delete config['model'], 'model must be an object with cell'],
    [
      (config: Record<string, unknown>) => ((config['model'] as Record<string, unknown>)['numLayers'] = 1.5),
      'model.numLayers must be an integer >= 1, got 1.5',
    ],
    [
      (config: Record<string, unknown>) => ((config['model'] as Record<string, unknown>)['vocabSize'] = 5),
      "model.vocabSize must be the vocab's size, 4, got 5",
    ],
    [(config: Record<string, unknown>) => delete config['vocab'], 'vocab is not a valid saved CharVocab'],
    [(config: Record<string, unknown>) => (config['extra'] = 1), 'extra must be absent'],
    [
      (config: Record<string, unknown>) => (config['metrics'] = { steps: 1, trainingSeconds: 1 }),
      'metrics.bestValLoss must be a finite number or null, got undefined',
    ],
    [
      (config: Record<string, unknown>) => delete (config['files'] as Record<string, unknown>)['weights.bin'],
      'files.weights.bin must be present (every checkpoint has weights)',
    ],
    [
      (config: Record<string, unknown>) =>
        delete (config['files'] as Record<string, unknown>)['training-state.bin'],
      'files.training-state.bin must be present when files.training-state.json is',
    ],
    [
      (config: Record<string, unknown>) =>
        ((config['files'] as Record<string, Record<string, unknown>>)['weights.bin']!['sha256'] = 'abc'),
      'files.weights.bin.sha256 must be 64 lowercase hex digits, got "abc"',
    ],
  ])('a bad config.json field (%#)', async (edit, message) => {
    const error = await decodeError(editConfig(files, edit));
    expect(error).toMatchObject({ code: 'invalid', file: 'config.json' });
    expect(error.message).toContain(`checkpoint /runs/x/last: config.json: ${message}`);
  });

  it('a truncated config.json', async () => {
    const error = await decodeError(replace('config.json', files.get('config.json')!.subarray(0, 40)));
    expect(error).toMatchObject({ code: 'corrupted', file: 'config.json' });
    expect(error.message).toContain('config.json: not valid JSON (truncated or corrupted?)');
  });

  it('a weights.bin shorter than its manifest describes (checksums consistent)', async () => {
    const short = replace('weights.bin', files.get('weights.bin')!.subarray(0, weightsBytes - 8));
    const error = await decodeError(editConfig(short, () => {}, true));
    expect(error).toMatchObject({ code: 'truncated', file: 'weights.bin' });
    expect(error.message).toBe(
      `checkpoint /runs/x/last: weights.bin: truncated: expected ${weightsBytes} bytes ` +
        `(as weights_manifest.json describes), got ${weightsBytes - 8}`,
    );
  });

  const manifestWith = (change: (entries: Record<string, unknown>[]) => void): Files => {
    const manifest = JSON.parse(new TextDecoder().decode(files.get('weights_manifest.json')!)) as {
      weights: Record<string, unknown>[];
    }[];
    change(manifest[0]!.weights);
    return editConfig(replace('weights_manifest.json', jsonBytes(manifest)), () => {}, true);
  };

  it.each([
    [
      (entries: Record<string, unknown>[]) => (entries[1]!['dtype'] = 'int32'),
      `[0].weights[1].dtype must be 'float32' (weight 'gru_0/kernel'), got "int32"`,
    ],
    [
      (entries: Record<string, unknown>[]) => (entries[2]!['name'] = 'gru_0/kernel'),
      '[0].weights[2].name must be a name not used by another array (names must be unique), got "gru_0/kernel"',
    ],
    [
      (entries: Record<string, unknown>[]) => (entries[0]!['shape'] = [-4, 2]),
      '[0].weights[0].shape must be an array of positive integers, got [-4,2]',
    ],
  ])('a bad weights manifest entry (%#)', async (change, message) => {
    const error = await decodeError(manifestWith(change));
    expect(error).toMatchObject({ code: 'invalid', file: 'weights_manifest.json' });
    expect(error.message).toBe(`checkpoint /runs/x/last: weights_manifest.json: ${message}`);
  });

  it('a manifest naming another .bin path', async () => {
    const manifest = [{ paths: ['group1-shard1of1.bin'], weights: [] }];
    const error = await decodeError(
      editConfig(replace('weights_manifest.json', jsonBytes(manifest)), () => {}, true),
    );
    expect(error.message).toContain(`weights_manifest.json: [0].paths must be ['weights.bin'], got`);
  });

  it('a training-state.json with a bad manifest', async () => {
    const state = JSON.parse(new TextDecoder().decode(files.get('training-state.json')!)) as {
      weightsManifest: { weights: { dtype: string }[] }[];
    };
    state.weightsManifest[0]!.weights[0]!.dtype = 'float16';
    const error = await decodeError(
      editConfig(replace('training-state.json', jsonBytes(state)), () => {}, true),
    );
    expect(error.message).toContain(
      `training-state.json: weightsManifest[0].weights[0].dtype must be 'float32' (weight 'adam/m/gru_0/kernel'), got "float16"`,
    );
  });
});
