/**
 * Secret redaction shared by every log line and every error message: tokens
 * must never leave the process in text a person or a log collector sees.
 */

const TOKEN_PATTERNS: readonly RegExp[] = [
  /\bxox[abposr]-[A-Za-z0-9-]{6,}/g, // Slack bot / user tokens
  /\bxapp-[A-Za-z0-9-]{6,}/g, // Slack app-level tokens
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs (DC/OS ACS, k8s SA tokens)
  /(authorization\s*[:=]\s*)(bearer|token|basic)?\s*[^\s,;"']+/gi,
  /\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /([?&](?:token|access_token|password|secret)=)[^&\s]+/gi,
];

/** Replaces anything that looks like a credential, plus every explicitly known secret, with a marker. */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of TOKEN_PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}[redacted]` : '[redacted]',
    );
  }
  return out;
}
