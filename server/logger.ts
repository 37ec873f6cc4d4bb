// The one pino logger of the process. Two layers keep secrets out of log lines: pino's path redaction for
// the places we know (headers, credential-named keys), and a scrubber on the output stream that blanks the
// configured secrets and anything shaped like a token wherever a library might have put it (URLs, messages).
import { pino, type DestinationStream, type Logger } from 'pino';

const REDACTED = '[REDACTED]';

const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.Authorization',
  '*.clientSecret',
  '*.client_secret',
  '*.accessToken',
  '*.access_token',
  '*.token',
  '*.password',
];

// Token shapes that may appear inside free text: query parameters, JSON bodies, Authorization headers.
const TOKEN_PATTERNS = [
  /(access_token|client_secret)(=|%3D)[^&"\s]+/gi,
  /("(?:access_token|accessToken|client_secret|clientSecret)"\s*:\s*")[^"]*/gi,
  /(Bearer\s+)[A-Za-z0-9._~+/:=-]+/gi,
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Returns `line` with every secret and token-looking value replaced by `[REDACTED]`. */
export function scrubSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    // Short values would blank innocent text; real client secrets are long random strings.
    if (secret.length >= 8) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
  }
  out = out.replace(TOKEN_PATTERNS[0]!, `$1$2${REDACTED}`);
  out = out.replace(TOKEN_PATTERNS[1]!, `$1${REDACTED}`);
  out = out.replace(TOKEN_PATTERNS[2]!, `$1${REDACTED}`);
  return out;
}

export interface LoggerOptions {
  level: string;
  /** Values that must never be written, e.g. the Marketo client secret. */
  secrets?: readonly string[];
  /** Where lines go; stdout by default. Tests pass a collector. */
  destination?: { write(line: string): unknown };
}

export function createLogger({ level, secrets = [], destination = process.stdout }: LoggerOptions): Logger {
  const scrubbing: DestinationStream = {
    write: (line: string) => {
      destination.write(scrubSecrets(line, secrets));
    },
  };
  return pino({ level, redact: { paths: REDACT_PATHS, censor: REDACTED } }, scrubbing);
}
