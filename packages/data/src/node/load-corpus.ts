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
  /**
   * For a text file: turn every CR LF into LF (default false). Rejected for a bundled corpus (`true` throws
   * `InvalidArgumentError`): those are returned as their packages store them (only 1 of the 6,046 spam messages
   * holds a CR LF; the other corpora none).
   */
  crlfToLf?: boolean;
  /** Throw `CorpusError` 'too-short' when `corpus.text` has fewer code points than this. */
  minLength?: number;
}

const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const BUNDLED_LIST = BUNDLED_CORPORA.map((name) => JSON.stringify(name)).join(', ');

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

/** Letters and digits only, lower-cased, a `.txt` ending dropped: `Moby Dick.txt` and `moby-dick` agree. */
function looseKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.txt$/, '')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * The error for a source that is neither a file nor a bundled name: it lists the bundled names and suggests the
 * one that matches loosely. A bare word gets 'unknown-corpus', anything that looks like a path 'not-found'.
 */
function notFound(source: string, cause?: unknown): CorpusError {
  const closest = BUNDLED_CORPORA.find((name) => looseKey(name) === looseKey(source));
  const hint = closest === undefined ? '' : `; did you mean ${JSON.stringify(closest)}?`;
  const what = `no such file, and not a bundled corpus (${BUNDLED_LIST})${hint}`;
  return BARE_NAME.test(source)
    ? new CorpusError({
        source,
        reason: 'unknown-corpus',
        message: `unknown corpus ${JSON.stringify(source)}: ${what}`,
        cause,
      })
    : new CorpusError({ source, reason: 'not-found', message: `${source}: ${what}`, cause });
}

/**
 * Loads a corpus: a bundled one by name (`BUNDLED_CORPORA`: `'moby-dick'`, `'sotu'`, `'names'`,
 * `'spam-assassin'`, read from their npm packages) or a UTF-8 text file by path (`readTextFile`: strict UTF-8,
 * BOM dropped, optional CR LF → LF). A bundled name wins over a file of the same name; write `./names` for the
 * file. A source that is neither throws `CorpusError` — 'unknown-corpus' for a bare word, 'not-found' for a
 * path — whose message lists the bundled names (and suggests one for `moby dick`, `Moby_Dick.txt` …).
 *
 * Memory: a file is read whole by `readTextFile`, whose peak holds the file's bytes and the decoded string
 * (1 or 2 bytes per UTF-16 unit) together, before any encoding. For files of 100 MB and more use
 * `encodeTextFile`, which streams the file and stays within its bytes plus 2 bytes per character.
 * @throws CorpusError (`unknown-corpus`, `not-found`, `unreadable`, `empty`, `too-short`, `too-large`,
 *   `bad-format`), InvalidUtf8Error, InvalidArgumentError for bad options (`crlfToLf: true` with a bundled name)
 */
export function loadCorpus(source: 'sotu', options?: LoadCorpusOptions): Corpus<SotuAddress>;
export function loadCorpus(source: 'names', options?: LoadCorpusOptions): Corpus<FirstName>;
export function loadCorpus(source: 'spam-assassin', options?: LoadCorpusOptions): Corpus<SpamAssassinMessage>;
export function loadCorpus(source: string, options?: LoadCorpusOptions): Corpus;
export function loadCorpus(source: string, options?: LoadCorpusOptions): Corpus {
  if (typeof source !== 'string' || source.length === 0) {
    throw new InvalidArgumentError({
      parameter: 'source',
      value: source,
      expected: `a file path or one of ${BUNDLED_LIST}`,
    });
  }
  const record = checkOptions(options, 'options', ['crlfToLf', 'minLength']);
  const crlfToLf = checkBoolean(record['crlfToLf'], 'options.crlfToLf', false);
  const minLength =
    record['minLength'] === undefined ? undefined : checkInteger(record['minLength'], 'options.minLength', 0);
  if (isBundled(source)) {
    if (crlfToLf) {
      throw new InvalidArgumentError({
        parameter: 'options.crlfToLf',
        value: crlfToLf,
        expected: 'false or absent for a bundled corpus',
      });
    }
    const corpus = loadBundled(source);
    checkLength(corpus.text, source, minLength);
    return corpus;
  }
  if (BARE_NAME.test(source) && !existsSync(source)) throw notFound(source);
  let text: string;
  try {
    text =
      minLength === undefined
        ? readTextFile(source, { crlfToLf })
        : readTextFile(source, { crlfToLf, minLength });
  } catch (error) {
    if (error instanceof CorpusError && error.reason === 'not-found') throw notFound(source, error);
    throw error;
  }
  return new ItemCorpus(source, source, [{ text }], '');
}
