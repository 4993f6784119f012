// The size checks shared by the two window batchers (reading heads, random windows).
// Leaves out contiguous streams, whose limits depend on how the data is cut into streams.

import { InvalidArgumentError } from './errors.js';
import { checkInteger } from './validate.js';

/** `batchSize` and `sequenceLength` for windows over `tokenCount` tokens: T in [1, n − 1], batch in [1, n − T]. */
export function checkWindowSizes(
  tokenCount: number,
  record: Record<string, unknown>,
): { batchSize: number; sequenceLength: number } {
  if (tokenCount < 2)
    throw new InvalidArgumentError({
      parameter: 'tokens.length',
      value: tokenCount,
      expected: 'at least 2 (one input and its target)',
    });
  const sequenceLength = checkInteger(record['sequenceLength'], 'options.sequenceLength', 1, tokenCount - 1);
  const windows = tokenCount - sequenceLength;
  const batchSize = record['batchSize'];
  if (typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize > windows) {
    throw new InvalidArgumentError({
      parameter: 'options.batchSize',
      value: batchSize,
      expected: `at most ${windows}, the number of distinct windows of ${sequenceLength} + 1 tokens in ${tokenCount} tokens`,
    });
  }
  return { batchSize: checkInteger(batchSize, 'options.batchSize', 1), sequenceLength };
}
