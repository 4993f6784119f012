import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256.js';

function nodeSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('sha256Hex', () => {
  it('matches the FIPS 180-4 examples', () => {
    const encoder = new TextEncoder();
    expect(sha256Hex(encoder.encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256Hex(encoder.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('matches node:crypto at every padding boundary and on a subarray view', () => {
    const data = new Uint8Array(4099);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + 13) & 0xff;
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 1000, 4099]) {
      expect(sha256Hex(data.subarray(0, length)), `length ${length}`).toBe(
        nodeSha256(data.subarray(0, length)),
      );
    }
    expect(sha256Hex(data.subarray(3, 300))).toBe(nodeSha256(data.subarray(3, 300)));
  });
});
