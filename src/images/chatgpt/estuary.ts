const ESTUARY_ORIGIN = 'https://chatgpt.com';
const ESTUARY_PATH = '/backend-api/estuary/content';

/**
 * True only for the endpoint that serves generated images. The src comes from the page; the
 * driver must not become a way to fetch any URL with the user's session.
 */
export function isEstuaryUrl(src: string): boolean {
  try {
    const url = new URL(src);
    return (
      url.origin === ESTUARY_ORIGIN &&
      url.pathname === ESTUARY_PATH &&
      url.username === '' &&
      (url.searchParams.get('id') ?? '').startsWith('file')
    );
  } catch {
    return false;
  }
}
