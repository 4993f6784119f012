// decodeCheckpoint: reads a checkpoint's files through a callback and checks everything before returning its parts.
// Leaves out where the bytes come from (node/read-checkpoint.ts reads a directory; a browser can pass fetch).

import { CharVocab, type CharVocabJSON } from '@charloom/tokenizer';
import { describeValue } from '../errors.js';
import { checkMetrics, checkModelConfig } from './checkpoint-fields.js';
import {
  CHECKPOINT_FILES,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  type CheckpointFileRecord,
  type CheckpointTrainingState,
  type NamedFloat32Array,
} from './checkpoint-format.js';
import { CheckpointError, type CheckpointErrorCode } from './errors.js';
import { checkJsonObject, checkJsonValue, type Fail, isPlainObject } from './json-value.js';
import { sha256Hex } from './sha256.js';
import { decodeNamedArrays } from './weights-manifest.js';

/** Returns a checkpoint file's bytes, or undefined when the file does not exist. */
export type CheckpointFileReader = (fileName: string) => Promise<Uint8Array | undefined>;

/** Options of {@link decodeCheckpoint}. */
export interface DecodeCheckpointOptions {
  /** Where the checkpoint lives (a directory or URL), named in every error. */
  readonly path?: string | undefined;
}

const CONFIG_KEYS = ['format', 'version', 'model', 'vocab', 'training', 'data', 'metrics', 'files'];
const KNOWN_FILES: readonly string[] = [
  CHECKPOINT_FILES.weightsManifest,
  CHECKPOINT_FILES.weights,
  CHECKPOINT_FILES.trainingState,
  CHECKPOINT_FILES.trainingStateData,
];
const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Reads and checks a checkpoint: `config.json` first (format name, version, model config, vocab, metrics, the file
 * list), then every listed file against its recorded length and SHA-256, then the weights manifest against
 * `weights.bin` (and the same for the training state). Returns the parts as `encodeCheckpoint` took them, with
 * fresh Float32Arrays bit-identical to the ones encoded.
 *
 * @param readFile - the bytes of a file of the checkpoint, or undefined if it does not exist
 * @throws CheckpointError naming the file and the problem: a missing file, a truncated or corrupted one (expected and
 *   actual byte counts, or the checksum), a newer format version (saying which version this build reads), a bad field
 *
 * @example
 * ```ts
 * const checkpoint = await decodeCheckpoint(async (name) => {
 *   const response = await fetch(`/models/moby/${name}`);
 *   return response.ok ? new Uint8Array(await response.arrayBuffer()) : undefined;
 * }, { path: '/models/moby' });
 * ```
 */
export async function decodeCheckpoint(
  readFile: CheckpointFileReader,
  options: DecodeCheckpointOptions = {},
): Promise<Checkpoint> {
  const { path } = options;
  const error = (code: CheckpointErrorCode, file: string | undefined, reason: string, cause?: unknown) =>
    new CheckpointError({ code, path, file, reason, cause });
  const failIn =
    (file: string): Fail =>
    (field, value, expected) => {
      throw error('invalid', file, `${field} must be ${expected}, got ${describeValue(value)}`);
    };

  const configFile = CHECKPOINT_FILES.config;
  const configBytes = await readFile(configFile);
  if (configBytes === undefined)
    throw error('missing-file', configFile, 'missing (not a checkpoint directory?)');
  const config = parseJson(configBytes, configFile, error);
  const fail: Fail = failIn(configFile);
  if (!isPlainObject(config)) return fail('(root)', config, `an object with format '${CHECKPOINT_FORMAT}'`);
  if (config['format'] !== CHECKPOINT_FORMAT) fail('format', config['format'], `'${CHECKPOINT_FORMAT}'`);
  const version = config['version'];
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1)
    fail('version', version, 'an integer >= 1');
  if (version > CHECKPOINT_VERSION)
    throw error(
      'incompatible-version',
      configFile,
      `format version ${version} is newer than this build of @charloom/models reads ` +
        `(it reads version ${CHECKPOINT_VERSION}); upgrade @charloom/models`,
    );
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key))
      fail(
        key,
        config[key],
        `absent (a version-${CHECKPOINT_VERSION} config.json has ${CONFIG_KEYS.join(', ')})`,
      );
  }
  const modelConfig = checkModelConfig(config['model'], 'model', fail);
  const vocab = readVocab(config['vocab'], modelConfig.vocabSize, fail, (cause) =>
    error('invalid', configFile, `vocab is not a valid saved CharVocab: ${messageOf(cause)}`, cause),
  );
  const trainingConfig =
    config['training'] === undefined ? undefined : checkJsonObject(config['training'], 'training', fail);
  const data = config['data'] === undefined ? undefined : checkJsonObject(config['data'], 'data', fail);
  const metrics =
    config['metrics'] === undefined ? undefined : checkMetrics(config['metrics'], 'metrics', fail);
  const records = readFileRecords(config['files'], fail);

  const contents = new Map<string, Uint8Array>();
  const names = Object.keys(records);
  const loaded = await Promise.all(names.map((name) => readFile(name)));
  names.forEach((name, index) => {
    const bytes = loaded[index];
    const record = records[name]!;
    if (bytes === undefined) throw error('missing-file', name, `missing (${configFile} lists it)`);
    if (bytes.length < record.bytes)
      throw error(
        'truncated',
        name,
        `truncated: expected ${record.bytes} bytes (as ${configFile} records), got ${bytes.length}`,
      );
    if (bytes.length > record.bytes)
      throw error('corrupted', name, `has ${bytes.length} bytes, but ${configFile} records ${record.bytes}`);
    const sha256 = sha256Hex(bytes);
    if (sha256 !== record.sha256)
      throw error(
        'corrupted',
        name,
        `checksum mismatch (corrupted): SHA-256 is ${sha256}, ${configFile} records ${record.sha256}`,
      );
    contents.set(name, bytes);
  });

  const readArrays = (manifestFile: string, manifest: unknown, binFile: string): NamedFloat32Array[] =>
    decodeNamedArrays(manifest, contents.get(binFile)!, binFile, failIn(manifestFile), (expected, actual) => {
      throw error(
        actual < expected ? 'truncated' : 'corrupted',
        binFile,
        `${actual < expected ? 'truncated: ' : ''}expected ${expected} bytes (as ${manifestFile} describes), got ${actual}`,
      );
    });
  const weightsManifest = parseJson(
    contents.get(CHECKPOINT_FILES.weightsManifest)!,
    CHECKPOINT_FILES.weightsManifest,
    error,
  );
  const weights = readArrays(CHECKPOINT_FILES.weightsManifest, weightsManifest, CHECKPOINT_FILES.weights);

  let trainingState: CheckpointTrainingState | undefined;
  const stateBytes = contents.get(CHECKPOINT_FILES.trainingState);
  if (stateBytes !== undefined) {
    const stateFile = CHECKPOINT_FILES.trainingState;
    const failState: Fail = failIn(stateFile);
    const state = parseJson(stateBytes, stateFile, error);
    if (!isPlainObject(state)) return failState('(root)', state, 'an object { state, weightsManifest }');
    for (const key of Object.keys(state)) {
      if (key !== 'state' && key !== 'weightsManifest')
        failState(key, state[key], 'absent (training-state.json has state, weightsManifest)');
    }
    if (state['state'] === undefined) failState('state', undefined, 'JSON data (null if none)');
    const json = checkJsonValue(state['state'], 'state', failState);
    const arrays = decodeNamedArrays(
      state['weightsManifest'],
      contents.get(CHECKPOINT_FILES.trainingStateData)!,
      CHECKPOINT_FILES.trainingStateData,
      (field, value, expected) =>
        failState(`weightsManifest${field.startsWith('[') ? '' : '.'}${field}`, value, expected),
      (expected, actual) => {
        throw error(
          actual < expected ? 'truncated' : 'corrupted',
          CHECKPOINT_FILES.trainingStateData,
          `${actual < expected ? 'truncated: ' : ''}expected ${expected} bytes (as ${stateFile} describes), got ${actual}`,
        );
      },
    );
    trainingState = { json, arrays };
  }

  return {
    formatVersion: version as number,
    modelConfig,
    vocab,
    weights,
    ...(trainingConfig === undefined ? {} : { trainingConfig }),
    ...(data === undefined ? {} : { data }),
    ...(metrics === undefined ? {} : { metrics }),
    ...(trainingState === undefined ? {} : { trainingState }),
  };
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function parseJson(
  bytes: Uint8Array,
  file: string,
  error: (code: CheckpointErrorCode, file: string, reason: string, cause?: unknown) => CheckpointError,
): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch (cause) {
    throw error('corrupted', file, `not valid JSON (truncated or corrupted?): ${messageOf(cause)}`, cause);
  }
}

function readVocab(
  value: unknown,
  vocabSize: number,
  fail: Fail,
  vocabError: (cause: unknown) => CheckpointError,
): CharVocabJSON {
  let size: number;
  try {
    size = CharVocab.fromJSON(value).size;
  } catch (cause) {
    throw vocabError(cause);
  }
  if (size !== vocabSize) fail('model.vocabSize', vocabSize, `the vocab's size, ${size}`);
  return value as CharVocabJSON;
}

function readFileRecords(value: unknown, fail: Fail): Record<string, CheckpointFileRecord> {
  if (!isPlainObject(value)) return fail('files', value, 'an object mapping file names to { bytes, sha256 }');
  for (const [name, record] of Object.entries(value)) {
    if (!KNOWN_FILES.includes(name))
      fail(`files.${name}`, record, `absent (known files: ${KNOWN_FILES.join(', ')})`);
    if (!isPlainObject(record)) return fail(`files.${name}`, record, 'an object { bytes, sha256 }');
    const bytes = record['bytes'];
    if (typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0)
      fail(`files.${name}.bytes`, bytes, 'an integer >= 0');
    if (typeof record['sha256'] !== 'string' || !SHA256_PATTERN.test(record['sha256']))
      fail(`files.${name}.sha256`, record['sha256'], '64 lowercase hex digits');
  }
  for (const required of [CHECKPOINT_FILES.weightsManifest, CHECKPOINT_FILES.weights]) {
    if (value[required] === undefined)
      fail(`files.${required}`, undefined, 'present (every checkpoint has weights)');
  }
  const hasState = value[CHECKPOINT_FILES.trainingState] !== undefined;
  if (hasState !== (value[CHECKPOINT_FILES.trainingStateData] !== undefined))
    fail(
      `files.${hasState ? CHECKPOINT_FILES.trainingStateData : CHECKPOINT_FILES.trainingState}`,
      undefined,
      `present when files.${hasState ? CHECKPOINT_FILES.trainingState : CHECKPOINT_FILES.trainingStateData} is`,
    );
  return value as Record<string, CheckpointFileRecord>;
}
