// Open-addressing hash table from a pair of non-negative int32 keys to an int32 value, used while counting.
// Build-time only: the finished model keeps sorted flat arrays instead; no lookup-only, delete or iteration.

const EMPTY = -1;
/** Each slot is [keyA, keyB, value, unused] in one Int32Array, so a probe touches one cache line. */
const SLOT = 4;

/** Maps `(a, b)` to a value in one typed array, so millions of entries cost ~32 bytes each and no JS objects. */
export class PairTable {
  private slots: Int32Array;
  private mask: number;
  private count = 0;

  constructor(expectedSize = 1024) {
    let capacity = 1024;
    while (capacity < expectedSize * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * SLOT).fill(EMPTY);
    this.mask = capacity - 1;
  }

  /**
   * The value stored for `(a, b)`; if absent, stores `valueIfAbsent` and returns `-1 - valueIfAbsent`
   * so the caller learns in one probe whether the key was new (a negative result).
   */
  getOrInsert(a: number, b: number, valueIfAbsent: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let slot = hashPair(a, b) & mask;
    for (;;) {
      const at = slot * SLOT;
      const keyA = slots[at]!;
      if (keyA === EMPTY) {
        slots[at] = a;
        slots[at + 1] = b;
        slots[at + 2] = valueIfAbsent;
        this.count += 1;
        if (this.count * 2 > mask) this.grow();
        return -1 - valueIfAbsent;
      }
      if (keyA === a && slots[at + 1] === b) return slots[at + 2]!;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const capacity = ((this.mask + 1) * 2) | 0;
    const slots = new Int32Array(capacity * SLOT).fill(EMPTY);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      const a = old[at]!;
      if (a === EMPTY) continue;
      const b = old[at + 1]!;
      let slot = hashPair(a, b) & mask;
      while (slots[slot * SLOT] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot * SLOT] = a;
      slots[slot * SLOT + 1] = b;
      slots[slot * SLOT + 2] = old[at + 2]!;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h >>> 0;
}
