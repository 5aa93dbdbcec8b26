import { randomBytes } from 'node:crypto';

/** Values the fake plants in and around the page, each with its own random value. */
export interface PlantedSecrets {
  /** `__Secure-next-auth.session-token`, an HttpOnly cookie (a JWE in the real site). */
  sessionToken: string;
  /** The bootstrap `accessToken` (a JWT), also sent as the Bearer header. */
  accessToken: string;
  /** `<meta name="csrf-token">`. */
  csrfToken: string;
  /** A `data-token` attribute in the sidebar. */
  dataToken: string;
  /** Printed by the page with console.log after the sentinel request. */
  sentinelToken: string;
  /** Written to localStorage by the page. */
  deviceToken: string;
}

export function plantSecrets(): PlantedSecrets {
  const header = base64url(Buffer.from('{"alg":"RS256","typ":"JWT","kid":"19344e65"}'));
  const payload = base64url(
    Buffer.from(
      JSON.stringify({
        aud: ['https://api.openai.com/v1'],
        sub: `user-${opaque(18)}`,
        exp: Math.floor(Date.now() / 1000) + 864_000,
        scp: ['openid', 'email', 'profile', 'model.request'],
      }),
    ),
  );
  return {
    sessionToken: `eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..${opaque(16)}.${opaque(640)}.${opaque(22)}`,
    accessToken: `${header}.${payload}.${opaque(342)}`,
    csrfToken: hexWithLetters(64),
    dataToken: opaque(43),
    sentinelToken: `gAAAAAB${opaque(180)}`,
    deviceToken: opaque(36),
  };
}

export function secretValues(secrets: PlantedSecrets): string[] {
  const { sessionToken, accessToken, csrfToken, dataToken, sentinelToken, deviceToken } = secrets;
  return [sessionToken, accessToken, csrfToken, dataToken, sentinelToken, deviceToken];
}

/** base64url with at least one digit and one letter, as real tokens of this length have. */
function opaque(length: number): string {
  for (;;) {
    const value = base64url(randomBytes(length)).slice(0, length);
    if (/\d/.test(value) && /[A-Za-z]/.test(value)) return value;
  }
}

function hexWithLetters(length: number): string {
  for (;;) {
    const value = randomBytes(length / 2).toString('hex');
    if (/\d/.test(value) && /[a-f]/.test(value)) return value;
  }
}

function base64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}
