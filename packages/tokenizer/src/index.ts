// Public entry of @charloom/tokenizer: deterministic character and word vocabularies.
// Leaves out everything internal (option checks, JSON readers); import only from here.

export type {
  CoverageReport,
  DecodeOptions,
  EncodeOptions,
  MissingSymbol,
  SpecialIds,
  TokenIdArray,
} from './char-vocab.js';
export { CharVocab } from './char-vocab.js';
export type {
  CharVocabOptions,
  Normalization,
  SpecialTokenKind,
  SpecialTokens,
  SymbolMode,
  UnknownPolicy,
} from './char-vocab-config.js';
export { SPECIAL_TOKEN_KINDS } from './char-vocab-config.js';
export type { CharVocabJSON } from './char-vocab-json.js';
export { CHAR_VOCAB_FORMAT, CHAR_VOCAB_VERSION } from './char-vocab-json.js';
export { InvalidArgumentError, TokenizerError, UnknownCharacterError, VocabFormatError } from './errors.js';
export type { TokenizeWordsOptions } from './tokenize-words.js';
export { tokenizeWords } from './tokenize-words.js';
export { compareCodePoints, countCodePoints, escapeText, formatCodePoint } from './unicode.js';
export type { WordDecodeOptions, WordEncodeOptions, WordVocabOptions } from './word-vocab.js';
export { WordVocab } from './word-vocab.js';
export type { WordVocabJSON } from './word-vocab-json.js';
export { PAD_TOKEN, UNK_TOKEN, WORD_VOCAB_FORMAT, WORD_VOCAB_VERSION } from './word-vocab-json.js';
