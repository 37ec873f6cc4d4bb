// Which compiled better-sqlite3 addon to load. node_modules holds the one built for the Node that ran `npm ci`;
// CI also runs the server tests on Node 24 (scripts/node24.mjs), whose ABI needs an addon of its own, named by
// BETTER_SQLITE3_BINDING. Unset, better-sqlite3 finds its own as usual.
import type Database from 'better-sqlite3';

export function sqliteBinding(env: NodeJS.ProcessEnv = process.env): Pick<Database.Options, 'nativeBinding'> {
  const binding = env.BETTER_SQLITE3_BINDING;
  return binding ? { nativeBinding: binding } : {};
}
