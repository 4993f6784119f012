// Named float32 arrays <-> a TensorFlow.js weights manifest group plus one little-endian `.bin` buffer.
// Leaves out sharding, quantization and dtypes other than float32 (tf.io reads all of these; this format has none).

import { checkShape, checkUniqueName } from './checkpoint-fields.js';
import type { NamedFloat32Array, WeightsManifestEntry, WeightsManifestGroup } from './checkpoint-format.js';
import { type Fail, isPlainObject } from './json-value.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Lays checked arrays out as tf.io does: one manifest group whose only path is `binName`, and the values of every
 * array concatenated in order as little-endian float32, bit for bit (NaN payloads included).
 */
export function encodeNamedArrays(
  arrays: readonly NamedFloat32Array[],
  binName: string,
): { manifest: WeightsManifestGroup[]; bin: Uint8Array } {
  const total = arrays.reduce((sum, array) => sum + array.values.length, 0);
  const bin = new Uint8Array(total * 4);
  const binView = new DataView(bin.buffer);
  const entries: WeightsManifestEntry[] = [];
  let offset = 0;
  for (const { name, shape, values } of arrays) {
    entries.push({ name, shape: [...shape], dtype: 'float32' });
    if (LITTLE_ENDIAN) bin.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
    else {
      const bits = new Uint32Array(Float32Array.from(values).buffer);
      for (let i = 0; i < bits.length; i++) binView.setUint32(offset + i * 4, bits[i]!, true);
    }
    offset += values.byteLength;
  }
  return { manifest: [{ paths: [binName], weights: entries }], bin };
}

/**
 * Reads arrays back from a parsed manifest and its `.bin`. Checks that the manifest is one group naming `binName`,
 * that entries have unique names, positive integer shapes and dtype float32, and that the `.bin` has exactly the
 * bytes the manifest describes; `fail` reports manifest problems, `failLength(expected, actual)` a length mismatch.
 */
export function decodeNamedArrays(
  manifest: unknown,
  bin: Uint8Array,
  binName: string,
  fail: Fail,
  failLength: (expectedBytes: number, actualBytes: number) => never,
): NamedFloat32Array[] {
  if (!Array.isArray(manifest) || manifest.length !== 1)
    return fail('(root)', manifest, `an array of one group { paths: ['${binName}'], weights: [...] }`);
  const group: unknown = manifest[0];
  if (!isPlainObject(group)) return fail('[0]', group, `a group { paths: ['${binName}'], weights: [...] }`);
  const paths = group['paths'];
  if (!Array.isArray(paths) || paths.length !== 1 || paths[0] !== binName)
    fail('[0].paths', paths, `['${binName}']`);
  const entries = group['weights'];
  if (!Array.isArray(entries)) return fail('[0].weights', entries, 'an array of { name, shape, dtype }');
  const names = new Set<string>();
  const specs = entries.map((entry: unknown, index) => {
    const at = `[0].weights[${index}]`;
    if (!isPlainObject(entry)) return fail(at, entry, 'an object { name, shape, dtype }');
    const name = checkUniqueName(entry['name'], `${at}.name`, names, fail);
    const size = checkShape(entry['shape'], `${at}.shape`, fail);
    if (entry['dtype'] !== 'float32') fail(`${at}.dtype`, entry['dtype'], `'float32' (weight '${name}')`);
    if (entry['quantization'] !== undefined)
      fail(
        `${at}.quantization`,
        entry['quantization'],
        `absent (weight '${name}'; this format is not quantized)`,
      );
    return { name, shape: [...(entry['shape'] as number[])], size };
  });
  const expectedBytes = specs.reduce((sum, spec) => sum + spec.size * 4, 0);
  if (bin.length !== expectedBytes) failLength(expectedBytes, bin.length);
  const binView = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  let offset = 0;
  return specs.map(({ name, shape, size }) => {
    const values = new Float32Array(size);
    if (LITTLE_ENDIAN) new Uint8Array(values.buffer).set(bin.subarray(offset, offset + size * 4));
    else {
      const bits = new Uint32Array(values.buffer);
      for (let i = 0; i < size; i++) bits[i] = binView.getUint32(offset + i * 4, true);
    }
    offset += size * 4;
    return { name, shape, values };
  });
}
