// loadCorpus: the four bundled corpora read from their npm packages with their metadata, text files by path, and
// clear errors for unknown names and short texts. SpamAssassin (~88 MB on disk) loads in about a second here.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorpusError } from '../errors.js';
import { BUNDLED_CORPORA } from './bundled-corpora.js';
import { loadCorpus } from './load-corpus.js';

describe('loadCorpus', () => {
  it('loads Moby Dick as one item', () => {
    const corpus = loadCorpus('moby-dick');
    expect(corpus.items).toHaveLength(1);
    expect(corpus.text).toHaveLength(1_190_317);
    expect(corpus.text.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael.')).toBe(true);
    expect(new Set(corpus.text).size).toBe(83);
    expect(corpus.path).toMatch(/datasets-moby-dick[/\\]data[/\\]data\.txt$/);
  });

  it('loads the State of the Union addresses with year, president and party, joined by newlines', () => {
    const corpus = loadCorpus('sotu');
    expect(corpus.items).toHaveLength(233);
    expect(corpus.items[0]).toMatchObject({ year: 1790, president: 'George Washington', party: 'none' });
    expect(corpus.items.at(-1)).toMatchObject({
      year: 2021,
      president: 'Joseph R Biden',
      party: 'Democratic',
    });
    expect(corpus.items.filter((address) => address.year === 1953)).toHaveLength(2);
    expect(corpus.text).toBe(corpus.items.map((address) => address.text).join('\n'));
  });

  it('loads each first name once, merging the female and male lists', () => {
    const corpus = loadCorpus('names');
    expect(corpus.items).toHaveLength(8422);
    expect(new Set(corpus.items.map((name) => name.text)).size).toBe(8422);
    const counts = { female: 0, male: 0, both: 0 };
    for (const name of corpus.items) counts[name.list]++;
    expect(counts).toEqual({ female: 4944 - 419, male: 3897 - 419, both: 419 });
    expect(corpus.items.find((name) => name.text === 'Alexis')?.list).toBe('both');
    expect(corpus.text.split('\n')).toHaveLength(8422);
  });

  it('loads the SpamAssassin messages with spam/ham labels', () => {
    const corpus = loadCorpus('spam-assassin');
    expect(corpus.items).toHaveLength(6046);
    expect(corpus.items.filter((message) => message.label === 'spam')).toHaveLength(1896);
    expect(corpus.items.filter((message) => message.label === 'ham')).toHaveLength(4150);
    const first = corpus.items[0]!;
    expect(first).toMatchObject({
      group: 'easy-ham-1',
      id: '00001',
      label: 'ham',
      checksum: '7c53336b37003a9286aba55d2945844c',
    });
    expect(first.text.startsWith('From ')).toBe(true);
  });

  it('reads a text file by path and applies minLength to any corpus', () => {
    const directory = mkdtempSync(join(tmpdir(), 'charloom-data-corpus-'));
    try {
      const path = join(directory, 'tiny.txt');
      writeFileSync(path, 'to be\r\nor not');
      const corpus = loadCorpus(path, { crlfToLf: true });
      expect(corpus).toMatchObject({ name: path, path, separator: '', text: 'to be\nor not' });
      expect(() => loadCorpus(path, { minLength: 100 })).toThrow('fewer than the 100 needed');
      expect(() => loadCorpus('names', { minLength: 10_000_000 })).toThrow(CorpusError);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('lists the bundled names in every not-found error, suggesting the closest', () => {
    const names = BUNDLED_CORPORA.map((name) => JSON.stringify(name)).join(', ');
    expect(() => loadCorpus('mobydick')).toThrow(
      `unknown corpus "mobydick": no such file, and not a bundled corpus (${names}); did you mean "moby-dick"?`,
    );
    for (const source of ['moby dick', 'mobydick.txt', 'Moby_Dick', './no/such/file.txt']) {
      let caught: unknown;
      try {
        loadCorpus(source);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CorpusError);
      expect((caught as CorpusError).message).toContain(`not a bundled corpus (${names})`);
      expect((caught as CorpusError).message.endsWith('did you mean "moby-dick"?')).toBe(
        source !== './no/such/file.txt',
      );
    }
  });

  it('rejects crlfToLf for a bundled corpus, which is returned as its package stores it', () => {
    expect(() => loadCorpus('spam-assassin', { crlfToLf: true })).toThrow(
      'options.crlfToLf must be false or absent for a bundled corpus, got true',
    );
    expect(loadCorpus('names', { crlfToLf: false }).items).toHaveLength(8422);
  });
});
