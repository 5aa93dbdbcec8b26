import { describe, expect, it } from 'vitest';
import { isNavigationError, unconfirmedOutcome } from './save-outcome.js';

describe('isNavigationError', () => {
  it('knows the errors of a read that met a navigation, and nothing else', () => {
    const destroyed = new Error(
      'page.evaluate: Execution context was destroyed, most likely because of a navigation',
    );
    expect(isNavigationError(destroyed)).toBe(true);
    expect(isNavigationError(new Error('frame was detached'))).toBe(true);
    expect(isNavigationError(new Error('cannot read image-draft: QuotaExceededError'))).toBe(false);
    expect(
      isNavigationError(new Error("SecurityError: Failed to execute 'databases' on 'IDBFactory'")),
    ).toBe(false);
  });
});

describe('unconfirmedOutcome', () => {
  it('stays retryable and names the last read error when some reads worked', () => {
    const outcome = unconfirmedOutcome(
      { succeeded: 3, lastError: 'SecurityError: access denied' },
      'no new draft appeared',
      'http://127.0.0.1:9222',
    );
    expect(outcome.code).toBe('save_unconfirmed');
    expect(outcome.message).toBe(
      'no new draft appeared (last read error: SecurityError: access denied)',
    );
  });

  it('is not retried and sends the person to the draft box when no read ever worked', () => {
    const outcome = unconfirmedOutcome(
      { succeeded: 0, lastError: 'SecurityError: access denied' },
      'no new draft appeared',
      'http://127.0.0.1:9222',
    );
    expect(outcome.code).toBe('page_changed');
    expect(outcome.message).toContain('SecurityError: access denied');
    expect(outcome.message).toContain('草稿箱');
    expect(outcome.message).toContain('http://127.0.0.1:9222');
  });
});
