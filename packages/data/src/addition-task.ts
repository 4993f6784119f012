// additionTask: "123+4567" → "4690", digit strings of random length added exactly, encoded for a seq2seq model.
// Leaves out other operations and carries as side outputs; numbers are digit strings, so any length is exact.

import { createRng, type SeededRng } from '@charloom/sampling';
import { RNG_STREAMS, randomBelow } from './random.js';
import { encodeSeq2Seq, type Seq2SeqExample, type Seq2SeqTask, taskVocab } from './seq2seq.js';
import { checkBoolean, checkInteger, checkOptions, checkSeed } from './validate.js';

/** Options of `additionTask`. */
export interface AdditionTaskOptions {
  /** Fewest digits of each operand (integer >= 1). */
  minDigits: number;
  /** Most digits of each operand (integer >= minDigits). */
  maxDigits: number;
  /** Number of examples (integer >= 1). */
  count: number;
  /** Reverse the whole input string, as in Zaremba and Sutskever's "Learning to Execute" (default false). */
  reverseInput?: boolean;
  /** Seed (`createRng(seed, RNG_STREAMS.additionTask)`). */
  seed: number;
}

/** The symbols of the addition task: the ten digits and '+'. */
const ADDITION_SYMBOLS = '+0123456789';

function randomNumber(rng: SeededRng, minDigits: number, maxDigits: number): string {
  const digits = minDigits + randomBelow(rng, maxDigits - minDigits + 1);
  if (digits === 1) return String(randomBelow(rng, 10));
  let text = String(1 + randomBelow(rng, 9));
  for (let i = 1; i < digits; i++) text += String(randomBelow(rng, 10));
  return text;
}

/** The decimal sum of two non-negative decimal digit strings, by schoolbook addition. */
export function addDecimalStrings(a: string, b: string): string {
  const out: number[] = [];
  let carry = 0;
  for (let i = a.length - 1, j = b.length - 1; i >= 0 || j >= 0 || carry > 0; i--, j--) {
    const sum = (i >= 0 ? a.charCodeAt(i) - 48 : 0) + (j >= 0 ? b.charCodeAt(j) - 48 : 0) + carry;
    out.push(sum % 10);
    carry = sum >= 10 ? 1 : 0;
  }
  return out.reverse().join('');
}

/**
 * The addition task: each operand has a digit count uniform in [minDigits, maxDigits] and is then uniform among
 * the numbers with that many digits (no leading zero; one digit means 0–9). Input `"a+b"` (reversed whole with
 * `reverseInput`), target the decimal sum, e.g. `"123+4567"` → `"4690"`. Returns the strings and the padded
 * arrays of `Seq2SeqTask` (source length 2·maxDigits + 2, target length maxDigits + 2). Random choices, in order
 * per example: a's digit count and digits, then b's, all unbiased draws from
 * `createRng(seed, RNG_STREAMS.additionTask)`.
 * @throws InvalidArgumentError for digit counts or count that are not integers in range, or a bad seed
 */
export function additionTask(options: AdditionTaskOptions): Seq2SeqTask {
  const record = checkOptions(options, 'options', [
    'minDigits',
    'maxDigits',
    'count',
    'reverseInput',
    'seed',
  ]);
  const minDigits = checkInteger(record['minDigits'], 'options.minDigits', 1);
  const maxDigits = checkInteger(record['maxDigits'], 'options.maxDigits', minDigits);
  const count = checkInteger(record['count'], 'options.count', 1);
  const reverseInput = checkBoolean(record['reverseInput'], 'options.reverseInput', false);
  const rng = createRng(checkSeed(record['seed'], 'options.seed'), RNG_STREAMS.additionTask);
  const examples: Seq2SeqExample[] = [];
  for (let i = 0; i < count; i++) {
    const a = randomNumber(rng, minDigits, maxDigits);
    const b = randomNumber(rng, minDigits, maxDigits);
    const input = `${a}+${b}`;
    examples.push({
      input: reverseInput ? Array.from(input).reverse().join('') : input,
      target: addDecimalStrings(a, b),
    });
  }
  return encodeSeq2Seq({
    examples,
    vocab: taskVocab(Array.from(ADDITION_SYMBOLS)),
    sourceLength: 2 * maxDigits + 2,
    targetLength: maxDigits + 2,
  });
}
