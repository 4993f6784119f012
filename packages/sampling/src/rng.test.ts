import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { createRng, SeededRng, XOSHIRO128_JUMP } from './rng.js';

function draws(rng: SeededRng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

/** GF(2) polynomials as bigints: bit i is the coefficient of x^i. */
const degree = (a: bigint): number => a.toString(2).length - 1;

function carrylessMultiply(a: bigint, b: bigint): bigint {
  let product = 0n;
  for (let shift = 0n; b !== 0n; shift++, b >>= 1n) if (b & 1n) product ^= a << shift;
  return product;
}

function reduce(a: bigint, modulus: bigint): bigint {
  const d = degree(modulus);
  while (a !== 0n && degree(a) >= d) a ^= modulus << BigInt(degree(a) - d);
  return a;
}

/** x^(2^log2Exponent) mod `modulus`, by repeated squaring. */
function xToPowerOfTwo(log2Exponent: number, modulus: bigint): bigint {
  let r = 2n;
  for (let i = 0; i < log2Exponent; i++) r = reduce(carrylessMultiply(r, r), modulus);
  return r;
}

function xToPower(exponent: number, modulus: bigint): bigint {
  let result = 1n;
  let base = 2n;
  for (let e = exponent; e > 0; e >>= 1) {
    if (e & 1) result = reduce(carrylessMultiply(result, base), modulus);
    base = reduce(carrylessMultiply(base, base), modulus);
  }
  return result;
}

/** Minimal polynomial (monic, as a bigint) of a bit sequence, by Berlekamp-Massey over GF(2). */
function minimalPolynomial(bits: readonly number[]): bigint {
  let connection = 1n;
  let previous = 1n;
  let length = 0;
  let gap = 1;
  for (let n = 0; n < bits.length; n++) {
    let discrepancy = bits[n]!;
    for (let i = 1; i <= length; i++) if ((connection >> BigInt(i)) & 1n) discrepancy ^= bits[n - i]!;
    if (discrepancy === 0) {
      gap++;
    } else if (2 * length <= n) {
      const saved = connection;
      connection ^= previous << BigInt(gap);
      length = n + 1 - length;
      previous = saved;
      gap = 1;
    } else {
      connection ^= previous << BigInt(gap);
      gap++;
    }
  }
  let characteristic = 0n;
  for (let i = 0; i <= length; i++)
    if ((connection >> BigInt(i)) & 1n) characteristic |= 1n << BigInt(length - i);
  return characteristic;
}

function wordsToPolynomial(words: readonly number[]): bigint {
  return words.reduce((acc, word, i) => acc | (BigInt(word >>> 0) << BigInt(32 * i)), 0n);
}

function polynomialToWords(polynomial: bigint): number[] {
  return [0, 1, 2, 3].map((i) => Number((polynomial >> BigInt(32 * i)) & 0xffffffffn));
}

/** The xoshiro jump routine written from the paper's description, on a copy: sum of T^i state over set bits. */
function jumpByPolynomial(rng: SeededRng, words: readonly number[]): number[] {
  const walker = rng.clone();
  const sum = [0, 0, 0, 0];
  for (const word of words) {
    for (let bit = 0; bit < 32; bit++) {
      if ((word >>> bit) & 1)
        walker.getState().forEach((w, i) => {
          sum[i] = (sum[i]! ^ w) >>> 0;
        });
      walker.nextUint32();
    }
  }
  return sum;
}

describe('SeededRng (xoshiro128** seeded by splitmix32)', () => {
  it('matches the xoshiro128** 1.1 reference outputs from state {1, 2, 3, 4}', () => {
    // Reference values of Blackman and Vigna's xoshiro128starstar.c, as published in the rand_xoshiro tests.
    const rng = SeededRng.fromState([1, 2, 3, 4]);
    expect(draws(rng, 10)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  it('seeds the four words with splitmix32 (Weyl step 0x9e3779b9, mix 16/0x21f0aaad/15/0x735a2d97/15)', () => {
    const mix = (x: number): number => {
      let z = x >>> 0;
      z = Number((BigInt((z ^ (z >>> 16)) >>> 0) * 0x21f0aaadn) & 0xffffffffn);
      z = Number((BigInt((z ^ (z >>> 15)) >>> 0) * 0x735a2d97n) & 0xffffffffn);
      return (z ^ (z >>> 15)) >>> 0;
    };
    for (const seed of [0, 1, 42, 0xffffffff]) {
      const expected = [1, 2, 3, 4].map((i) => mix((seed + i * 0x9e3779b9) % 2 ** 32));
      expect(new SeededRng(seed).getState()).toEqual(expected);
    }
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draws(new SeededRng(7), 50)).toEqual(draws(new SeededRng(7), 50));
    expect(draws(new SeededRng(7), 50)).not.toEqual(draws(new SeededRng(8), 50));
    expect(draws(createRng(7), 5)).toEqual(draws(new SeededRng(7), 5));
  });

  it('takes seeds modulo 2^32 and accepts any finite integer', () => {
    expect(draws(new SeededRng(-1), 5)).toEqual(draws(new SeededRng(0xffffffff), 5));
    expect(draws(new SeededRng(2 ** 32 + 5), 5)).toEqual(draws(new SeededRng(5), 5));
    expect(() => new SeededRng(1e300)).not.toThrow();
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1.5, '3', undefined])('rejects the seed %s', (seed) => {
    const error = (() => {
      try {
        new SeededRng(seed as number);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ parameter: 'seed', value: seed });
  });

  it('nextFloat lies in [0, 1) and is nextUint32 / 2^32', () => {
    const a = new SeededRng(3);
    const b = new SeededRng(3);
    for (let i = 0; i < 1000; i++) {
      const u = a.nextFloat();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(u).toBe(b.nextUint32() / 2 ** 32);
    }
  });

  it('spreads nextUint32 evenly over 16 buckets (chi-square, 15 df, p = 0.001 critical value 37.70)', () => {
    const rng = new SeededRng(99);
    const counts = new Array<number>(16).fill(0);
    const total = 160_000;
    for (let i = 0; i < total; i++) counts[rng.nextUint32() >>> 28]! += 1;
    const expected = total / 16;
    const statistic = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(statistic).toBeLessThan(37.7);
  });

  it('round-trips its state: fromState(getState()) continues the same sequence', () => {
    const rng = new SeededRng(2024);
    draws(rng, 17);
    const state = rng.getState();
    expect(state).toHaveLength(4);
    const restored = SeededRng.fromState(state);
    expect(draws(restored, 100)).toEqual(draws(rng, 100));
    const copy = rng.clone();
    expect(draws(copy, 10)).toEqual(draws(rng, 10));
  });

  it.each([
    [[1, 2, 3], 'state'],
    ['1,2,3,4', 'state'],
    [[1, 2, -3, 4], 'state[2]'],
    [[1, 2, 3, 2 ** 32], 'state[3]'],
    [[1.5, 2, 3, 4], 'state[0]'],
    [[0, 0, 0, 0], 'state'],
  ])('fromState rejects %j naming %s', (state, parameter) => {
    expect(() => SeededRng.fromState(state as number[])).toThrow(InvalidArgumentError);
    expect(() => SeededRng.fromState(state as number[])).toThrow(
      new RegExp(`^${parameter.replace(/[[\]]/g, '\\$&')} must be`),
    );
  });

  it('has the published jump constants: x^(2^64) modulo the characteristic polynomial', () => {
    const rng = new SeededRng(123);
    const bits: number[] = [];
    for (let t = 0; t < 512; t++) {
      bits.push(rng.getState()[0]! & 1);
      rng.nextUint32();
    }
    const characteristic = minimalPolynomial(bits);
    expect(degree(characteristic)).toBe(128);
    expect(xToPowerOfTwo(64, characteristic)).toBe(wordsToPolynomial(XOSHIRO128_JUMP));
  });

  it('jump() applies that polynomial, and the jump routine equals stepping for a short jump', () => {
    const start = new SeededRng(5);
    draws(start, 3);
    expect(start.clone().jump().getState()).toEqual(jumpByPolynomial(start, XOSHIRO128_JUMP));

    const bits: number[] = [];
    const probe = start.clone();
    for (let t = 0; t < 512; t++) {
      bits.push(probe.getState()[0]! & 1);
      probe.nextUint32();
    }
    const characteristic = minimalPolynomial(bits);
    const stepped = start.clone();
    draws(stepped, 1000);
    expect(jumpByPolynomial(start, polynomialToWords(xToPower(1000, characteristic)))).toEqual(
      stepped.getState(),
    );
  });

  it('createRng(seed, stream) is the seed jumped stream times; streams differ', () => {
    expect(createRng(9, 0).getState()).toEqual(new SeededRng(9).getState());
    expect(createRng(9, 2).getState()).toEqual(new SeededRng(9).jump().jump().getState());
    expect(draws(createRng(9, 1), 20)).not.toEqual(draws(createRng(9, 0), 20));
    expect(() => createRng(9, -1)).toThrow('stream must be an integer >= 0, got -1');
  });
});
