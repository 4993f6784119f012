import { describe, expect, it } from 'vitest';
import { importOptional, isModuleNotFound } from './optional-import.js';

describe('importOptional', () => {
  it('says "not installed" for a package that is absent', async () => {
    const result = await importOptional('@charloom/no-such-package-here');
    expect(result).toEqual({
      ok: false,
      reason: 'not installed (@charloom/no-such-package-here could not be resolved)',
      cause: expect.anything(),
    });
  });

  it('returns the module of a package that is present', async () => {
    const result = await importOptional('@tensorflow/tfjs-core');
    expect(result.ok).toBe(true);
    expect(result.ok && typeof (result.module as { version_core?: unknown }).version_core).toBe('string');
  });

  it('tells a missing module from one that fails while loading', () => {
    expect(isModuleNotFound(Object.assign(new Error('x'), { code: 'ERR_MODULE_NOT_FOUND' }))).toBe(true);
    expect(
      isModuleNotFound(new TypeError('Failed to resolve module specifier "@tensorflow/tfjs-backend-webgl"')),
    ).toBe(true);
    expect(isModuleNotFound(new Error('The native addon module (tfjs_binding.node) can not be found'))).toBe(
      false,
    );
  });
});
