// Loads an optional package by a specifier held in a variable, so bundlers and TypeScript never need it installed.
// Returns why it failed instead of throwing; it does not retry or look for other locations.

/** Outcome of {@link importOptional}. */
export type OptionalImport =
  | { readonly ok: true; readonly module: unknown }
  | { readonly ok: false; readonly reason: string; readonly cause: unknown };

const NOT_FOUND_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);
const NOT_FOUND_MESSAGES = [
  'Cannot find package', // Node ESM
  'Cannot find module', // Node CJS, bundlers
  'Failed to resolve module specifier', // Chromium, a bare specifier without an import map
  'Failed to fetch dynamically imported module', // Chromium, a missing file
  'Failed to load url', // Vite's dev server and vite-node
];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** True when `error` says the module is absent (as opposed to present but failing to load). */
export function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && NOT_FOUND_CODES.has(code)) return true;
  const message = messageOf(error);
  return NOT_FOUND_MESSAGES.some((fragment) => message.includes(fragment));
}

/** Dynamically imports `specifier`; a failure comes back as `not installed` or `failed to load: <message>`. */
export async function importOptional(specifier: string): Promise<OptionalImport> {
  try {
    const module: unknown = await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier);
    return { ok: true, module };
  } catch (error) {
    const firstLine = messageOf(error).split('\n')[0] ?? '';
    const reason = isModuleNotFound(error)
      ? `not installed (${specifier} could not be resolved)`
      : `${specifier} failed to load: ${firstLine}`;
    return { ok: false, reason, cause: error };
  }
}
