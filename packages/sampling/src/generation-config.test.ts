import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from './errors.js';
import { createGenerationConfig, DEFAULT_GENERATION_CONFIG } from './generation-config.js';

function thrown(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('createGenerationConfig', () => {
  it('has the documented defaults, frozen', () => {
    expect(DEFAULT_GENERATION_CONFIG).toEqual({
      temperature: 1,
      topK: 0,
      topP: 1,
      repetitionPenalty: 1,
      repetitionWindow: 64,
      seed: 0,
      maxLength: 200,
    });
    expect(Object.isFrozen(DEFAULT_GENERATION_CONFIG)).toBe(true);
    expect(createGenerationConfig()).toEqual(DEFAULT_GENERATION_CONFIG);
  });

  it('applies overrides and returns a frozen copy', () => {
    const config = createGenerationConfig({ temperature: 0, topK: 40, topP: 0.9, seed: -3, maxLength: 5 });
    expect(config).toMatchObject({
      temperature: 0,
      topK: 40,
      topP: 0.9,
      seed: -3,
      maxLength: 5,
      repetitionWindow: 64,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { topK: number }).topK = 1;
    }).toThrow(TypeError);
  });

  it('accepts a complete config (re-validation) and treats undefined values as absent', () => {
    const config = createGenerationConfig({ temperature: 0.7, repetitionPenalty: 1.3 });
    expect(createGenerationConfig(config)).toEqual(config);
    expect(createGenerationConfig({ topK: undefined }).topK).toBe(0);
  });

  it.each([
    ['temperature', -0.1],
    ['temperature', Number.POSITIVE_INFINITY],
    ['temperature', Number.NaN],
    ['topK', -1],
    ['topK', 2.5],
    ['topP', 0],
    ['topP', 1.5],
    ['topP', Number.NaN],
    ['repetitionPenalty', 0.9],
    ['repetitionPenalty', Number.POSITIVE_INFINITY],
    ['repetitionWindow', 0],
    ['repetitionWindow', 1.5],
    ['seed', 0.5],
    ['seed', Number.NaN],
    ['maxLength', 0],
    ['maxLength', 10.5],
  ])('rejects %s = %s naming parameter and value', (key, value) => {
    const error = thrown(() => createGenerationConfig({ [key]: value }));
    expect(error.parameter).toBe(key);
    expect(error.value).toBe(value);
    expect(error.message).toMatch(new RegExp(`^${key} must be .*, got ${String(value)}$`));
  });

  it('rejects wrong types naming the key', () => {
    const error = thrown(() => createGenerationConfig({ temperature: '0.8' as unknown as number }));
    expect(error.message).toBe('temperature must be a number, a finite number >= 0, got "0.8"');
    expect(thrown(() => createGenerationConfig({ topK: true as unknown as number })).parameter).toBe('topK');
    expect(thrown(() => createGenerationConfig({ seed: 1n as unknown as number })).message).toContain(
      'got 1n',
    );
  });

  it('rejects unknown keys, naming them', () => {
    const error = thrown(() => createGenerationConfig({ top_k: 5 } as never));
    expect(error.parameter).toBe('top_k');
    expect(error.message).toMatch(/^top_k must be a known GenerationConfig key \(one of temperature, topK, /);
  });

  it('rejects overrides that are not a plain object', () => {
    expect(thrown(() => createGenerationConfig(null as never)).parameter).toBe('overrides');
    expect(thrown(() => createGenerationConfig([] as never)).parameter).toBe('overrides');
  });
});
