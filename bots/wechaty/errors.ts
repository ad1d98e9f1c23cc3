import { scrubSecrets } from '../../src/log';

/**
 * What a Wechaty / PuppetService error means for us. Measured on wechaty 1.20.2 + wechaty-puppet-service 1.19.9:
 *  - auth: `16 UNAUTHENTICATED: Invalid Wechaty TOKEN "<token>"` (the token is echoed: always scrub it)
 *  - tls:  `ERR_TLS_CERT_ALTNAME_INVALID`, an unknown CA, or a missing `<sni>_` token prefix
 *  - link: `14 UNAVAILABLE: Connection dropped` / `No connection established` (TLS on one side only, or
 *          nothing listening: `ECONNREFUSED`), resets of the stream, the puppet watchdog's reset (no heartbeat)
 *  - other: anything else (a payload that failed to load, a send refused by the puppet)
 */
export type ErrorKind = 'auth' | 'tls' | 'link' | 'other';

export function classifyError(text: string): ErrorKind {
  if (/UNAUTHENTICATED|Invalid Wechaty TOKEN|PERMISSION_DENIED/i.test(text)) return 'auth';
  if (/ERR_TLS|CERT_|self[- ]signed|unable to verify|requires a SNI|wrong version number|SSL routines/i.test(text)) return 'tls';
  if (
    /UNAVAILABLE|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|Connection dropped|No connection established|socket hang up|WatchdogAgent reset/i.test(
      text,
    )
  )
    return 'link';
  return 'other';
}

/** Fatal at start-up: retrying cannot help, the operator must fix a setting. */
export const isConfigError = (kind: ErrorKind): boolean => kind === 'auth' || kind === 'tls';

/** The text of anything thrown or emitted, with secrets removed and kept to one short paragraph. */
export function errorText(err: unknown, secrets: readonly (string | undefined)[]): string {
  const raw = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  const scrubbed = scrubSecrets(raw, secrets);
  // Some gRPC messages end with "Resolution note: " and long stacks; keep the first lines only.
  return scrubbed
    .split('\n')
    .slice(0, 3)
    .join(' ')
    .replace(/\s*Resolution note:\s*$/, '')
    .slice(0, 500);
}
