// loadCorpus: one call for a text file or a bundled corpus by name, with the strict text rules and a length check.
// Leaves out tokenising (encodeText / encodeTextFile) and splitting (splitContiguous / splitItems).

import { existsSync } from 'node:fs';
import { CorpusError, InvalidArgumentError } from '../errors.js';
import { checkBoolean, checkInteger, checkOptions } from '../validate.js';
import {
  BUNDLED_CORPORA,
  type BundledCorpusName,
  loadMobyDick,
  loadNames,
  loadSotu,
  loadSpamAssassin,
} from './bundled-corpora.js';
import {
  type Corpus,
  type CorpusItem,
  type FirstName,
  ItemCorpus,
  type SotuAddress,
  type SpamAssassinMessage,
} from './corpus.js';
import { checkLength, readTextFile } from './read-text-file.js';

/** Options of `loadCorpus`. */
export interface LoadCorpusOptions {
  /** For a text file: turn every CR LF into LF (default false). The bundled corpora have no CR LF. */
  crlfToLf?: boolean;
  /** Throw `CorpusError` 'too-short' when `corpus.text` has fewer code points than this. */
  minLength?: number;
}

const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

function isBundled(source: string): source is BundledCorpusName {
  return (BUNDLED_CORPORA as readonly string[]).includes(source);
}

function loadBundled(name: BundledCorpusName): Corpus<CorpusItem> {
  switch (name) {
    case 'moby-dick':
      return loadMobyDick();
    case 'sotu':
      return loadSotu();
    case 'names':
      return loadNames();
    case 'spam-assassin':
      return loadSpamAssassin();
  }
}

/**
 * Loads a corpus: a bundled one by name (`BUNDLED_CORPORA`: `'moby-dick'`, `'sotu'`, `'names'`,
 * `'spam-assassin'`, read from their npm packages) or a UTF-8 text file by path (`readTextFile`: strict UTF-8,
 * BOM dropped, optional CR LF → LF). A bundled name wins over a file of the same name; write `./names` for the
 * file. A bare word that is neither a bundled name nor an existing file throws `CorpusError` 'unknown-corpus'
 * listing the bundled names.
 * @throws CorpusError (`unknown-corpus`, `not-found`, `unreadable`, `empty`, `too-short`, `too-large`,
 *   `bad-format`), InvalidUtf8Error, InvalidArgumentError for bad options
 */
export function loadCorpus(source: 'sotu', options?: LoadCorpusOptions): Corpus<SotuAddress>;
export function loadCorpus(source: 'names', options?: LoadCorpusOptions): Corpus<FirstName>;
export function loadCorpus(source: 'spam-assassin', options?: LoadCorpusOptions): Corpus<SpamAssassinMessage>;
export function loadCorpus(source: string, options?: LoadCorpusOptions): Corpus;
export function loadCorpus(source: string, options?: LoadCorpusOptions): Corpus {
  if (typeof source !== 'string' || source.length === 0) {
    throw new InvalidArgumentError('source', source, `a file path or one of ${BUNDLED_CORPORA.join(', ')}`);
  }
  const record = checkOptions(options, 'options', ['crlfToLf', 'minLength']);
  const crlfToLf = checkBoolean(record['crlfToLf'], 'options.crlfToLf', false);
  const minLength =
    record['minLength'] === undefined ? undefined : checkInteger(record['minLength'], 'options.minLength', 0);
  if (isBundled(source)) {
    const corpus = loadBundled(source);
    checkLength(corpus.text, source, minLength);
    return corpus;
  }
  if (BARE_NAME.test(source) && !existsSync(source)) {
    throw new CorpusError(
      source,
      'unknown-corpus',
      `unknown corpus ${JSON.stringify(source)}: not a bundled corpus (${BUNDLED_CORPORA.join(', ')}) and no such file`,
    );
  }
  const text =
    minLength === undefined
      ? readTextFile(source, { crlfToLf })
      : readTextFile(source, { crlfToLf, minLength });
  return new ItemCorpus(source, source, [{ text }], '');
}
