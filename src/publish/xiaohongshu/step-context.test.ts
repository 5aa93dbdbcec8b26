import { describe, expect, it } from 'vitest';
import { riskCode } from './step-context.js';

describe('riskCode', () => {
  const range = [-9140, -9130] as const;

  it('finds a risk-control code in a JSON answer, as a number or a numeric string', () => {
    expect(riskCode({ code: -9136, success: false }, range)).toBe(-9136);
    expect(riskCode({ code: '-9130' }, range)).toBe(-9130);
    expect(riskCode({ code: -9140 }, range)).toBe(-9140);
  });

  it('ignores other codes and answers without one', () => {
    expect(riskCode({ code: 0, success: true }, range)).toBe(undefined);
    expect(riskCode({ code: -100 }, range)).toBe(undefined);
    expect(riskCode({ code: -9141 }, range)).toBe(undefined);
    expect(riskCode({ success: false }, range)).toBe(undefined);
    expect(riskCode([1, 2], range)).toBe(undefined);
    expect(riskCode(null, range)).toBe(undefined);
  });
});
