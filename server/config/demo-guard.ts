// Emulator mode signs people in with demo accounts whose password is published in the README. That is fine on
// loopback; served to a network (or deployed as production) it is an open door, so it must be asked for.
import { MARKETO_KEYS } from './env-schema';
import { isLoopbackHost } from './loopback';

export interface DemoExposure {
  host: string;
  nodeEnv: string | undefined;
  emulatorMode: boolean;
  consoleDemo: boolean;
}

/** Why this start would expose the demo accounts, or `null` when it would not (or CONSOLE_DEMO=true asks for it). */
export function demoExposureProblem({
  host,
  nodeEnv,
  emulatorMode,
  consoleDemo,
}: DemoExposure): string | null {
  if (!emulatorMode || consoleDemo) return null;
  const reasons = [
    ...(isLoopbackHost(host) ? [] : ['HOST is not a loopback address']),
    ...(nodeEnv === 'production' ? ['NODE_ENV is production'] : []),
  ];
  if (reasons.length === 0) return null;
  return (
    `Refusing to serve the emulator's demo accounts (published password) beyond this machine: no ` +
    `${MARKETO_KEYS.join(', ')} settings and ${reasons.join(' and ')}. Set the MARKETO_* settings, bind ` +
    `HOST=127.0.0.1, or set CONSOLE_DEMO=true to serve the demo anyway`
  );
}
