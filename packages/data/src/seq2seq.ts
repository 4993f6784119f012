// The encoded form of a sequence-to-sequence toy task: padded source and decoder arrays with lengths and masks.
// Leaves out the tasks themselves (copy-task.ts, addition-task.ts), which only produce the strings.

import { CharVocab } from '@charloom/tokenizer';

/** One example: the string a model reads and the string it must write. */
export interface Seq2SeqExample {
  readonly input: string;
  readonly target: string;
}

/** Special tokens of every toy-task vocabulary: ids 0, 1, 2 are `<pad>`, `<bos>`, `<eos>`. */
export const TASK_SPECIAL_TOKENS = Object.freeze({ pad: '<pad>', bos: '<bos>', eos: '<eos>' });

/**
 * A generated seq2seq task, as strings and as fixed-shape padded arrays. Row r of the source is the input's ids,
 * then EOS, then padding; the decoder is fed BOS followed by the target (teacher forcing) and must produce the
 * target followed by EOS. Lengths count EOS (and BOS on the decoder side), so `sourceLengths[r]` is
 * `input length + 1` and `targetLengths[r]` is `target length + 1`; the masks are 1 exactly there.
 */
export interface Seq2SeqTask {
  readonly examples: readonly Seq2SeqExample[];
  /** `<pad>`, `<bos>`, `<eos>` (ids 0, 1, 2) then the task's symbols in code-point order. */
  readonly vocab: CharVocab;
  readonly count: number;
  /** Longest possible input + 1 (EOS), fixed by the options so every set of the task has the same shape. */
  readonly sourceLength: number;
  /** Longest possible target + 1 (EOS). */
  readonly targetLength: number;
  /** [count × sourceLength]: input ids, EOS, then PAD. */
  readonly sourceIds: Int32Array;
  /** [count]: input length + 1. */
  readonly sourceLengths: Int32Array;
  /** [count × sourceLength]: 1 on the input and its EOS, 0 on padding. */
  readonly sourceMask: Float32Array;
  /** [count × targetLength]: BOS, target ids, then PAD. */
  readonly decoderInputs: Int32Array;
  /** [count × targetLength]: target ids, EOS, then PAD. */
  readonly decoderTargets: Int32Array;
  /** [count]: target length + 1. */
  readonly targetLengths: Int32Array;
  /** [count × targetLength]: 1 where `decoderTargets` is real, 0 on padding. */
  readonly targetMask: Float32Array;
}

/** The vocabulary of a task over `symbols`, with the three special tokens first. */
export function taskVocab(symbols: Iterable<string>): CharVocab {
  return CharVocab.fromSymbols(symbols, { specialTokens: TASK_SPECIAL_TOKENS });
}

/** What `encodeSeq2Seq` needs: the examples, their vocab, and the fixed source and target lengths (EOS included). */
export interface Seq2SeqEncoding {
  readonly examples: readonly Seq2SeqExample[];
  readonly vocab: CharVocab;
  readonly sourceLength: number;
  readonly targetLength: number;
}

/** Encodes examples into the padded arrays of `Seq2SeqTask`. */
export function encodeSeq2Seq({ examples, vocab, sourceLength, targetLength }: Seq2SeqEncoding): Seq2SeqTask {
  const { pad, bos, eos } = vocab.specialIds as { pad: number; bos: number; eos: number };
  const count = examples.length;
  const sourceIds = new Int32Array(count * sourceLength).fill(pad);
  const sourceLengths = new Int32Array(count);
  const sourceMask = new Float32Array(count * sourceLength);
  const decoderInputs = new Int32Array(count * targetLength).fill(pad);
  const decoderTargets = new Int32Array(count * targetLength).fill(pad);
  const targetLengths = new Int32Array(count);
  const targetMask = new Float32Array(count * targetLength);
  for (let row = 0; row < count; row++) {
    const { input, target } = examples[row]!;
    const inputIds = vocab.encodeInt32(input);
    const targetIds = vocab.encodeInt32(target);
    const s = row * sourceLength;
    sourceIds.set(inputIds, s);
    sourceIds[s + inputIds.length] = eos;
    sourceLengths[row] = inputIds.length + 1;
    sourceMask.fill(1, s, s + inputIds.length + 1);
    const t = row * targetLength;
    decoderInputs[t] = bos;
    decoderInputs.set(targetIds, t + 1);
    decoderTargets.set(targetIds, t);
    decoderTargets[t + targetIds.length] = eos;
    targetLengths[row] = targetIds.length + 1;
    targetMask.fill(1, t, t + targetIds.length + 1);
  }
  return {
    examples,
    vocab,
    count,
    sourceLength,
    targetLength,
    sourceIds,
    sourceLengths,
    sourceMask,
    decoderInputs,
    decoderTargets,
    targetLengths,
    targetMask,
  };
}
