/**
 * The relay's access token, for a relay bound beyond loopback (STUDIO_ACCESS_TOKEN). It is typed by the
 * designer and kept for this browser tab only (sessionStorage), never in the bundle or the URL.
 */
const STORAGE_KEY = 'atelier.relayAccessToken';

/** The relay's code for a missing or wrong token (a 401). */
export const INVALID_ACCESS_TOKEN_CODE = 'invalid_access_token';

export function readAccessToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be unavailable (privacy modes); the token then lives for no longer than the page.
    return null;
  }
}

export function saveAccessToken(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token.trim());
  } catch {
    // See readAccessToken: nothing to keep it in.
  }
}

/** Headers that carry the token, when one was given. */
export function accessTokenHeaders(): Record<string, string> {
  const token = readAccessToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}
