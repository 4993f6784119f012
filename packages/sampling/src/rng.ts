// Seeded pseudo-random numbers: xoshiro128** seeded through splitmix32, with state save/restore and jump-ahead.
// Leaves out cryptographic use (it is predictable by design) and 53-bit floats (floats have 32 random bits).

import { InvalidArgumentError } from './errors.js';

/** Where samplers get their randomness. Any implementation must return `nextFloat()` in [0, 1). */
export interface RandomSource {
  /** A float in [0, 1). */
  nextFloat(): number;
  /** An integer in [0, 2^32). */
  nextUint32(): number;
}

const TWO_POW_MINUS_32 = 2 ** -32;
const GOLDEN_GAMMA = 0x9e3779b9;
/** xoshiro128** jump polynomial (Blackman and Vigna): x^(2^64) modulo the engine's characteristic polynomial. */
export const XOSHIRO128_JUMP: readonly number[] = Object.freeze([
  0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b,
]);

/**
 * The splitmix32 output function: a bijection on 32-bit integers
 * (`z ^= z >>> 16; z *= 0x21f0aaad; z ^= z >>> 15; z *= 0x735a2d97; z ^= z >>> 15`, all mod 2^32).
 */
function mix32(input: number): number {
  let z = input | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * A reproducible pseudo-random generator.
 *
 * Algorithm: **xoshiro128\*\*** 1.1 (David Blackman and Sebastiano Vigna, 2018), 128 bits of state in four
 * 32-bit words, period 2^128 − 1. Each draw returns `rotl(s1 * 5, 7) * 9` and then advances the state
 * (`t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)`).
 *
 * Seeding: the seed must be a finite integer (`Number.isInteger`); it is reduced modulo 2^32 (so `-1` and
 * `4294967295` are the same seed) and expanded into the four state words by **splitmix32**: a Weyl
 * sequence `x += 0x9e3779b9` passed through the `mix32` finaliser
 * (`z ^= z >>> 16; z *= 0x21f0aaad; z ^= z >>> 15; z *= 0x735a2d97; z ^= z >>> 15`). Four distinct inputs to a
 * bijection cannot all map to zero, so the all-zero state (the one xoshiro cannot leave) never arises.
 *
 * `nextFloat()` is `nextUint32() / 2^32`: a multiple of 2^-32 in [0, 1).
 *
 * @example
 * ```ts
 * const rng = new SeededRng(42);
 * const saved = rng.getState();
 * const a = rng.nextFloat();
 * SeededRng.fromState(saved).nextFloat() === a; // true
 * ```
 */
export class SeededRng implements RandomSource {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** @param seed - any finite integer; taken modulo 2^32. */
  constructor(seed: number) {
    if (typeof seed !== 'number' || !Number.isInteger(seed)) {
      throw new InvalidArgumentError({ parameter: 'seed', value: seed, expected: 'a finite integer' });
    }
    let x = seed >>> 0;
    x = (x + GOLDEN_GAMMA) >>> 0;
    this.s0 = mix32(x) | 0;
    x = (x + GOLDEN_GAMMA) >>> 0;
    this.s1 = mix32(x) | 0;
    x = (x + GOLDEN_GAMMA) >>> 0;
    this.s2 = mix32(x) | 0;
    x = (x + GOLDEN_GAMMA) >>> 0;
    this.s3 = mix32(x) | 0;
  }

  /** Rebuilds a generator from `getState()`: four integers in [0, 2^32), not all zero. */
  static fromState(state: readonly number[]): SeededRng {
    if (!Array.isArray(state) || state.length !== 4) {
      throw new InvalidArgumentError({
        parameter: 'state',
        value: state,
        expected: 'an array of 4 integers in [0, 2^32)',
      });
    }
    for (let i = 0; i < 4; i++) {
      const word: unknown = state[i];
      if (typeof word !== 'number' || !Number.isInteger(word) || word < 0 || word > 0xffffffff) {
        throw new InvalidArgumentError({
          parameter: `state[${i}]`,
          value: word,
          expected: 'an integer in [0, 2^32)',
        });
      }
    }
    if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) {
      throw new InvalidArgumentError({
        parameter: 'state',
        value: state,
        expected: 'not all zero (xoshiro128** cannot leave the zero state)',
      });
    }
    const rng = new SeededRng(0);
    rng.s0 = state[0]! | 0;
    rng.s1 = state[1]! | 0;
    rng.s2 = state[2]! | 0;
    rng.s3 = state[3]! | 0;
    return rng;
  }

  /** The next 32-bit output, an integer in [0, 2^32). */
  nextUint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    const scaled = Math.imul(s1, 5);
    const result = Math.imul((scaled << 7) | (scaled >>> 25), 9) >>> 0;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** A float in [0, 1): `nextUint32() / 2^32`. */
  nextFloat(): number {
    return this.nextUint32() * TWO_POW_MINUS_32;
  }

  /** The four state words, each in [0, 2^32); pass them to `SeededRng.fromState` to continue the same sequence. */
  getState(): number[] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** An independent copy that continues the same sequence. */
  clone(): SeededRng {
    return SeededRng.fromState(this.getState());
  }

  /**
   * Advances the state by 2^64 draws (xoshiro128**'s jump polynomial). Calling it r times from one seed gives
   * r + 1 streams that do not overlap unless one of them draws more than 2^64 numbers. Returns `this`.
   */
  jump(): this {
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (const word of XOSHIRO128_JUMP) {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          t0 ^= this.s0;
          t1 ^= this.s1;
          t2 ^= this.s2;
          t3 ^= this.s3;
        }
        this.nextUint32();
      }
    }
    this.s0 = t0;
    this.s1 = t1;
    this.s2 = t2;
    this.s3 = t3;
    return this;
  }
}

/**
 * A `SeededRng` for `seed` (any finite integer, taken modulo 2^32). `stream` (integer >= 0, default 0) selects
 * one of many non-overlapping sequences for the same seed: stream s is the seed's sequence advanced by
 * s × 2^64 draws (s calls to `jump()`), so stream 0 is `new SeededRng(seed)`.
 */
export function createRng(seed: number, stream = 0): SeededRng {
  if (typeof stream !== 'number' || !Number.isSafeInteger(stream) || stream < 0) {
    throw new InvalidArgumentError({ parameter: 'stream', value: stream, expected: 'an integer >= 0' });
  }
  const rng = new SeededRng(seed);
  for (let s = 0; s < stream; s++) rng.jump();
  return rng;
}
