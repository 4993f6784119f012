// Crash-safe replacement of a directory on POSIX file systems: write a temp sibling, fsync, then two renames.
// Leaves out concurrent writers (one writer per checkpoint directory is assumed) and network file systems' quirks.

import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CheckpointError } from '../errors.js';

/** The points of the swap protocol at which `onStep` is called (a test throws there to simulate a crash). */
export type SwapStep = 'temp-written' | 'old-moved-aside' | 'new-in-place';

/** Options of {@link replaceDirectory}. */
export interface ReplaceDirectoryOptions {
  /** Called after each step; what it throws propagates as if the process had died there (nothing is undone). */
  readonly onStep?: ((step: SwapStep) => void) | undefined;
}

/** Marks in sibling names: `<dir>.tmp-<hex>` (being written) and `<dir>.old-<hex>` (replaced, being removed). */
export const TEMP_MARK = '.tmp-';
export const OLD_MARK = '.old-';

function suffix(): string {
  return randomBytes(6).toString('hex');
}

function errorCode(error: unknown): string | undefined {
  return (error as { code?: unknown } | null)?.code as string | undefined;
}

/** fsync a directory so renames and new entries in it are durable; skipped where directories cannot be opened. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF', 'EACCES'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/** Names of `dir`'s siblings that start with `<basename(dir)><mark>`. */
async function siblings(dir: string, mark: string): Promise<string[]> {
  const prefix = `${basename(dir)}${mark}`;
  try {
    const entries = await readdir(dirname(dir));
    return entries.filter((name) => name.startsWith(prefix)).map((name) => join(dirname(dir), name));
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return [];
    throw error;
  }
}

/**
 * Where the committed contents of `dir` are: `dir` itself when it is a directory; otherwise, when a swap was
 * interrupted between its two renames, the one `<dir>.old-*` sibling; otherwise undefined.
 * @throws CheckpointError when `dir` is absent and several `<dir>.old-*` siblings exist (which is newest is unknown)
 */
export async function findCommittedDirectory(dir: string): Promise<string | undefined> {
  if (await isDirectory(dir)) return dir;
  const olds: string[] = [];
  for (const candidate of await siblings(dir, OLD_MARK))
    if (await isDirectory(candidate)) olds.push(candidate);
  if (olds.length > 1)
    throw new CheckpointError({
      code: 'invalid',
      path: dir,
      reason: `missing, and several interrupted saves left ${olds.join(', ')}; move the one to keep to ${dir}`,
    });
  return olds[0];
}

/**
 * Finishes an interrupted swap: when `dir` is absent but a `<dir>.old-*` sibling holds the committed contents (the
 * writer died between the two renames of {@link replaceDirectory}), renames it back to `dir`. Only the writer calls
 * this (at the start of its next swap): a reader doing it could race a live writer's second rename.
 * Returns whether it renamed anything.
 */
export async function recoverDirectory(dir: string): Promise<boolean> {
  const committed = await findCommittedDirectory(dir);
  if (committed === undefined || committed === dir) return false;
  await rename(committed, dir);
  await syncDirectory(dirname(dir));
  return true;
}

/** Writes one file and fsyncs it; `wx` so a name collision fails instead of overwriting. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces directory `dir` with one holding `files` (name → bytes; `lastFile` is written last), so that a crash at
 * any moment leaves either the previous complete directory or the new complete one at `dir` — or, for the instant
 * between the two renames, only the previous one under `<dir>.old-<hex>`, which readers use in its place
 * ({@link findCommittedDirectory}) and the next swap renames back ({@link recoverDirectory}). The protocol:
 *
 * 1. finish an interrupted swap (recoverDirectory), remove stale `<dir>.tmp-*` / `<dir>.old-*` siblings;
 * 2. write every file into a new sibling `<dir>.tmp-<hex>`, fsync each file, then the temp directory;
 * 3. if `dir` exists, rename `dir` → `<dir>.old-<hex>`; fsync the parent;
 * 4. rename `<dir>.tmp-<hex>` → `dir`; fsync the parent;
 * 5. remove `<dir>.old-<hex>`.
 *
 * A failure in step 2 removes the temp directory and leaves `dir` untouched. One writer per `dir` is assumed.
 */
export async function replaceDirectory(
  dir: string,
  files: ReadonlyMap<string, Uint8Array>,
  lastFile: string,
  options: ReplaceDirectoryOptions = {},
): Promise<void> {
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  await recoverDirectory(dir);
  for (const stale of [...(await siblings(dir, TEMP_MARK)), ...(await siblings(dir, OLD_MARK))])
    await rm(stale, { recursive: true, force: true });

  const temp = `${dir}${TEMP_MARK}${suffix()}`;
  await mkdir(temp);
  try {
    const ordered = [...files.keys()].filter((name) => name !== lastFile);
    if (files.has(lastFile)) ordered.push(lastFile);
    for (const name of ordered) await writeDurably(join(temp, name), files.get(name)!);
    await syncDirectory(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  options.onStep?.('temp-written');

  let old: string | undefined;
  if (await isDirectory(dir)) {
    old = `${dir}${OLD_MARK}${suffix()}`;
    await rename(dir, old);
    await syncDirectory(parent);
    options.onStep?.('old-moved-aside');
  }
  try {
    await rename(temp, dir);
  } catch (error) {
    if (old !== undefined) await rename(old, dir);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await syncDirectory(parent);
  options.onStep?.('new-in-place');
  if (old !== undefined) await rm(old, { recursive: true, force: true });
}
