// Save and load a Markov model as one self-checking binary blob (header JSON + int32 arrays + CRC-32).
// Bytes in, bytes out: writing the file (atomically) is the caller's job, so this stays browser-safe.

import { CharVocab } from '@charloom/tokenizer';
import type { ContextTreeArrays } from './context-tree.js';
import { ModelFormatError } from './errors.js';
import { MAX_ORDER, MarkovModel } from './markov-model.js';

/** Version of the binary layout written by {@link modelToBytes}; older or newer versions are refused. */
export const MARKOV_FORMAT_VERSION = 1;

const MAGIC = 'CLMARKOV';
const FORMAT = 'charloom.markov';
const ARRAY_NAMES = [
  'nodeSymbol',
  'childStart',
  'entryStart',
  'entrySymbol',
  'entryCount',
  'entryContinuation',
] as const satisfies readonly (keyof ContextTreeArrays)[];

interface Header {
  format: string;
  version: number;
  order: number;
  trainingTokens: number;
  vocab: unknown;
  arrays: { name: string; length: number }[];
}

/**
 * Layout: 8-byte magic `CLMARKOV`, uint32 header length, header JSON (UTF-8, padded to 4 bytes), the int32
 * arrays named in the header (little-endian), then a CRC-32 of everything before it.
 */
export function modelToBytes(model: MarkovModel): Uint8Array {
  const header: Header = {
    format: FORMAT,
    version: MARKOV_FORMAT_VERSION,
    order: model.order,
    trainingTokens: model.trainingTokens,
    vocab: model.vocab.toJSON(),
    arrays: ARRAY_NAMES.map((name) => ({ name, length: model.tree[name].length })),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const headerPadded = align4(headerBytes.length);
  const arraysBytes = ARRAY_NAMES.reduce((sum, name) => sum + model.tree[name].byteLength, 0);
  const bytes = new Uint8Array(12 + headerPadded + arraysBytes + 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < MAGIC.length; i++) bytes[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, headerBytes.length, true);
  bytes.set(headerBytes, 12);
  let offset = 12 + headerPadded;
  for (const name of ARRAY_NAMES) {
    const array = model.tree[name];
    if (LITTLE_ENDIAN) bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
    else for (let i = 0; i < array.length; i++) view.setInt32(offset + 4 * i, array[i]!, true);
    offset += array.byteLength;
  }
  view.setUint32(offset, crc32(bytes.subarray(0, offset)), true);
  return bytes;
}

/** Load a model saved by {@link modelToBytes}; throws {@link ModelFormatError} naming what is wrong. */
export function modelFromBytes(bytes: Uint8Array): MarkovModel {
  if (!(bytes instanceof Uint8Array)) throw new ModelFormatError('bytes', 'expected a Uint8Array');
  if (bytes.length < 16 || String.fromCharCode(...bytes.subarray(0, 8)) !== MAGIC) {
    throw new ModelFormatError('magic', `not a charloom Markov model (the file must start with "${MAGIC}")`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stored = view.getUint32(bytes.length - 4, true);
  const actual = crc32(bytes.subarray(0, bytes.length - 4));
  if (stored !== actual) {
    throw new ModelFormatError('checksum', 'CRC-32 mismatch: the file is truncated or corrupted');
  }
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length - 4) throw new ModelFormatError('header', 'header runs past the end');
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength)),
    );
  } catch (error) {
    throw new ModelFormatError('header', 'not valid UTF-8 JSON', { cause: error });
  }
  if (typeof header !== 'object' || header === null) throw new ModelFormatError('header', 'not an object');
  if (header.format !== FORMAT)
    throw new ModelFormatError('format', `expected "${FORMAT}", got ${String(header.format)}`);
  if (header.version !== MARKOV_FORMAT_VERSION) {
    throw new ModelFormatError(
      'version',
      `unsupported version ${String(header.version)} (this build reads version ${MARKOV_FORMAT_VERSION})`,
    );
  }
  if (!Number.isInteger(header.order) || header.order < 0 || header.order > MAX_ORDER) {
    throw new ModelFormatError(
      'order',
      `expected an integer in [0, ${MAX_ORDER}], got ${String(header.order)}`,
    );
  }
  if (!Number.isInteger(header.trainingTokens) || header.trainingTokens < 0) {
    throw new ModelFormatError(
      'trainingTokens',
      `expected an integer >= 0, got ${String(header.trainingTokens)}`,
    );
  }
  let vocab: CharVocab;
  try {
    vocab = CharVocab.fromJSON(header.vocab);
  } catch (error) {
    throw new ModelFormatError('vocab', error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  if (!Array.isArray(header.arrays) || header.arrays.length !== ARRAY_NAMES.length) {
    throw new ModelFormatError('arrays', `expected ${ARRAY_NAMES.length} arrays`);
  }
  const arrays: Partial<Record<(typeof ARRAY_NAMES)[number], Int32Array>> = {};
  let offset = 12 + align4(headerLength);
  for (const [index, name] of ARRAY_NAMES.entries()) {
    const entry = header.arrays[index];
    if (entry?.name !== name || !Number.isInteger(entry.length) || entry.length < 0) {
      throw new ModelFormatError('arrays', `entry ${index} must be "${name}" with an integer length`);
    }
    const end = offset + 4 * entry.length;
    if (end > bytes.length - 4) throw new ModelFormatError(name, 'array runs past the end of the file');
    const array = new Int32Array(entry.length);
    if (LITTLE_ENDIAN) new Uint8Array(array.buffer).set(bytes.subarray(offset, end));
    else for (let i = 0; i < entry.length; i++) array[i] = view.getInt32(offset + 4 * i, true);
    arrays[name] = array;
    offset = end;
  }
  if (offset !== bytes.length - 4)
    throw new ModelFormatError('arrays', 'unexpected bytes after the last array');
  const tree = arrays as ContextTreeArrays;
  validateTree(tree, header.order, vocab.size, header.trainingTokens);
  return MarkovModel.fromTree(tree, header.order, vocab, header.trainingTokens);
}

/**
 * Structural checks, so a file that passes the checksum but was written wrongly can neither index out of
 * bounds nor silently give wrong probabilities: the tree is breadth-first (children after their parent, each
 * node's children one run, sorted by symbol), no deeper than the order, every context has successors sorted
 * by symbol, counts are positive, continuation counts non-negative, and the root's counts add up to the
 * training length.
 */
function validateTree(
  tree: ContextTreeArrays,
  order: number,
  vocabSize: number,
  trainingTokens: number,
): void {
  const { nodeSymbol, childStart, entryStart, entrySymbol, entryCount, entryContinuation } = tree;
  const nodeCount = nodeSymbol.length;
  const entries = entrySymbol.length;
  const offsets = (name: string, array: Int32Array, first: number, last: number) => {
    if (array.length !== nodeCount + 1 || array[0] !== first || array[nodeCount] !== last) {
      throw new ModelFormatError(name, `expected ${nodeCount + 1} offsets from ${first} to ${last}`);
    }
    for (let i = 1; i < array.length; i++) {
      if (array[i]! < array[i - 1]!) throw new ModelFormatError(name, `decreases at index ${i}`);
    }
  };
  const symbol = (name: string, value: number, at: number) => {
    if (value < 0 || value >= vocabSize)
      throw new ModelFormatError(name, `token id ${value} out of range at ${at}`);
  };
  if (nodeCount < 1) throw new ModelFormatError('nodeSymbol', 'no root node');
  offsets('childStart', childStart, 1, nodeCount);
  offsets('entryStart', entryStart, 0, entries);
  if (entryCount.length !== entries || entryContinuation.length !== entries) {
    throw new ModelFormatError('entryCount', 'entry arrays differ in length');
  }
  const depth = new Int32Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) {
    const from = childStart[node]!;
    const to = childStart[node + 1]!;
    if (from < to && from <= node)
      throw new ModelFormatError('childStart', `node ${node} has a child before it`);
    for (let child = from; child < to; child++) {
      symbol('nodeSymbol', nodeSymbol[child]!, child);
      if (child > from && nodeSymbol[child]! <= nodeSymbol[child - 1]!) {
        throw new ModelFormatError('nodeSymbol', `children of node ${node} are not sorted`);
      }
      depth[child] = depth[node]! + 1;
      if (depth[child]! > order)
        throw new ModelFormatError('childStart', `node ${child} is deeper than the order`);
    }
    if (entryStart[node + 1]! <= entryStart[node]!) {
      throw new ModelFormatError('entryStart', `context ${node} has no successors`);
    }
    for (let e = entryStart[node]!; e < entryStart[node + 1]!; e++) {
      symbol('entrySymbol', entrySymbol[e]!, e);
      if (e > entryStart[node]! && entrySymbol[e]! <= entrySymbol[e - 1]!) {
        throw new ModelFormatError('entrySymbol', `successors of context ${node} are not sorted`);
      }
      if (entryCount[e]! < 1) throw new ModelFormatError('entryCount', `non-positive count at entry ${e}`);
      if (entryContinuation[e]! < 0)
        throw new ModelFormatError('entryContinuation', `negative at entry ${e}`);
    }
  }
  let rootTotal = 0;
  for (let e = entryStart[0]!; e < entryStart[1]!; e++) rootTotal += entryCount[e]!;
  if (rootTotal !== trainingTokens) {
    throw new ModelFormatError(
      'trainingTokens',
      `${trainingTokens} differs from the root's total count ${rootTotal}`,
    );
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function align4(n: number): number {
  return (n + 3) & ~3;
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE 802.3, as in zip and PNG). */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
