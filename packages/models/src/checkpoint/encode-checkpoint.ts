// encodeCheckpoint: checks a checkpoint's parts and turns them into the bytes of its files (browser-safe, synchronous).
// Leaves out where the files go (node/write-checkpoint.ts writes them to a directory atomically).

import { CharVocab } from '@charloom/tokenizer';
import { InvalidArgumentError } from '../errors.js';
import { checkMetrics, checkModelConfig, checkNamedArrays } from './checkpoint-fields.js';
import {
  CHECKPOINT_FILES,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type CheckpointFileRecord,
  type CheckpointParts,
} from './checkpoint-format.js';
import { checkJsonObject, checkJsonValue, type Fail, isPlainObject, type JsonValue } from './json-value.js';
import { sha256Hex } from './sha256.js';
import { encodeNamedArrays } from './weights-manifest.js';

const PART_KEYS = ['modelConfig', 'vocab', 'weights', 'trainingConfig', 'data', 'metrics', 'trainingState'];

const failArgument: Fail = (field, value, expected) => {
  throw new InvalidArgumentError({ parameter: field, value, expected });
};

/** JSON text as a checkpoint stores it: two-space indented, with a final newline. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Checks every part and encodes a checkpoint as its files: `config.json` (format, version, model config, vocab,
 * training config, data description, metrics, and the length + SHA-256 of every other file),
 * `weights_manifest.json` + `weights.bin` (tf.io's weights-manifest layout, little-endian float32), and, when
 * `trainingState` is given, `training-state.json` (the caller's JSON and the manifest of its arrays) +
 * `training-state.bin`. Nothing is written anywhere; the result maps file names to bytes.
 *
 * @throws InvalidArgumentError naming the first bad part, e.g. `weights[2].values must be a Float32Array of length 12`
 *
 * @example
 * ```ts
 * const files = encodeCheckpoint({ modelConfig, vocab: vocab.toJSON(), weights: [{ name: 'dense/bias', shape: [83], values }] });
 * files.get('weights.bin'); // Uint8Array
 * ```
 */
export function encodeCheckpoint(parts: CheckpointParts): Map<string, Uint8Array> {
  if (!isPlainObject(parts))
    return failArgument('parts', parts, 'an object { modelConfig, vocab, weights, ... }');
  for (const key of Object.keys(parts)) {
    if (!PART_KEYS.includes(key) && (parts as Record<string, unknown>)[key] !== undefined)
      failArgument(
        key,
        (parts as Record<string, unknown>)[key],
        `absent (a checkpoint has ${PART_KEYS.join(', ')})`,
      );
  }
  const model = checkModelConfig(parts.modelConfig, 'modelConfig', failArgument);
  const vocab = checkVocab(parts.vocab, model.vocabSize);
  const weights = checkNamedArrays(parts.weights, 'weights', failArgument);
  const training =
    parts.trainingConfig === undefined
      ? undefined
      : checkJsonObject(parts.trainingConfig, 'trainingConfig', failArgument);
  const data = parts.data === undefined ? undefined : checkJsonObject(parts.data, 'data', failArgument);
  const metrics =
    parts.metrics === undefined ? undefined : checkMetrics(parts.metrics, 'metrics', failArgument);
  const state = parts.trainingState === undefined ? undefined : checkTrainingState(parts.trainingState);

  const files = new Map<string, Uint8Array>();
  const encodedWeights = encodeNamedArrays(weights, CHECKPOINT_FILES.weights);
  files.set(CHECKPOINT_FILES.weightsManifest, jsonBytes(encodedWeights.manifest));
  files.set(CHECKPOINT_FILES.weights, encodedWeights.bin);
  if (state !== undefined) {
    const encodedState = encodeNamedArrays(state.arrays, CHECKPOINT_FILES.trainingStateData);
    files.set(
      CHECKPOINT_FILES.trainingState,
      jsonBytes({ state: state.json, weightsManifest: encodedState.manifest }),
    );
    files.set(CHECKPOINT_FILES.trainingStateData, encodedState.bin);
  }
  const records: Record<string, CheckpointFileRecord> = {};
  for (const [name, bytes] of files) records[name] = { bytes: bytes.length, sha256: sha256Hex(bytes) };
  const config = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    model,
    vocab,
    ...(training === undefined ? {} : { training }),
    ...(data === undefined ? {} : { data }),
    ...(metrics === undefined ? {} : { metrics }),
    files: records,
  };
  return new Map([[CHECKPOINT_FILES.config, jsonBytes(config)], ...files]);
}

function checkVocab(vocab: unknown, vocabSize: number): JsonValue {
  let size: number;
  try {
    size = CharVocab.fromJSON(vocab).size;
  } catch (error) {
    throw new InvalidArgumentError({
      parameter: 'vocab',
      value: vocab,
      expected: `a saved CharVocab (CharVocab.toJSON()): ${error instanceof Error ? error.message : String(error)}`,
      cause: error,
    });
  }
  if (size !== vocabSize)
    failArgument('modelConfig.vocabSize', vocabSize, `the vocab's size, ${size} (special tokens included)`);
  return checkJsonValue(vocab, 'vocab', failArgument);
}

function checkTrainingState(state: unknown): {
  json: JsonValue;
  arrays: ReturnType<typeof checkNamedArrays>;
} {
  if (!isPlainObject(state)) return failArgument('trainingState', state, 'an object { json, arrays }');
  if (state['json'] === undefined) failArgument('trainingState.json', undefined, 'JSON data (null if none)');
  const json = checkJsonValue(state['json'], 'trainingState.json', failArgument);
  const arrays = checkNamedArrays(state['arrays'], 'trainingState.arrays', failArgument);
  return { json, arrays };
}
