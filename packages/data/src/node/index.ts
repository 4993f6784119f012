// Node entry of @charloom/data (`@charloom/data/node`): corpora from files and npm packages, strict UTF-8 reading.
// Leaves out everything browser-safe (splits, batchers, toy tasks), which the main entry exports.

export { BUNDLED_CORPORA, type BundledCorpusName } from './bundled-corpora.js';
export type { Corpus, CorpusItem, FirstName, SotuAddress, SpamAssassinMessage } from './corpus.js';
export { type EncodedTextFile, type EncodeTextFileOptions, encodeTextFile } from './encode-text-file.js';
export { type LoadCorpusOptions, loadCorpus } from './load-corpus.js';
export {
  type ReadTextFileOptions,
  type ReadTextPiecesOptions,
  readTextFile,
  readTextPieces,
} from './read-text-file.js';
