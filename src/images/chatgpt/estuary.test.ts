import { describe, expect, it } from 'vitest';
import { isEstuaryUrl } from './estuary.js';

const ESTUARY = 'https://chatgpt.com/backend-api/estuary/content';

describe('isEstuaryUrl', () => {
  it('accepts the estuary endpoint with a file id', () => {
    expect(isEstuaryUrl(`${ESTUARY}?id=file_00000000abc&sig=9f8e`)).toBe(true);
  });

  it('refuses another origin serving the same path', () => {
    expect(isEstuaryUrl('https://evil.example/backend-api/estuary/content?id=file_1')).toBe(false);
    expect(isEstuaryUrl('http://chatgpt.com/backend-api/estuary/content?id=file_1')).toBe(false);
    expect(isEstuaryUrl('https://files.chatgpt.com/backend-api/estuary/content?id=file_1')).toBe(
      false,
    );
  });

  it('refuses other paths of chatgpt.com, even with a file id', () => {
    expect(isEstuaryUrl('https://chatgpt.com/backend-api/files/download?id=file_1')).toBe(false);
    expect(isEstuaryUrl('https://chatgpt.com/backend-api/estuary/content/../me?id=file_1')).toBe(
      false,
    );
    expect(isEstuaryUrl('https://chatgpt.com/backend-api/me')).toBe(false);
  });

  it('refuses an estuary URL without a file id, with credentials, or not a URL at all', () => {
    expect(isEstuaryUrl(`${ESTUARY}?id=user_1`)).toBe(false);
    expect(isEstuaryUrl(`${ESTUARY}`)).toBe(false);
    expect(isEstuaryUrl('https://a@chatgpt.com/backend-api/estuary/content?id=file_1')).toBe(false);
    expect(isEstuaryUrl('blob:https://chatgpt.com/1234')).toBe(false);
    expect(isEstuaryUrl('not a url')).toBe(false);
  });
});
