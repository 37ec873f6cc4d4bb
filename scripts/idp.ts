// `npm run idp`: a local demo identity provider (server/testing/oidc-provider.ts) with the demo accounts and
// groups, printing the OIDC_* settings that point `npm start` at it. Accounts live in .data/idp-accounts.json,
// read at every sign-in: take someone out of a group there, sign in again, and their access is gone.
// A developer tool: oidc-provider is a devDependency, so this needs `npm ci` with dev dependencies.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  DEMO_GROUP_ROLES,
  DEMO_IDP_ACCOUNTS,
  startTestIdp,
  type IdpAccount,
} from '../server/testing/oidc-provider';

const ACCOUNTS_FILE = process.env.IDP_ACCOUNTS_FILE ?? '.data/idp-accounts.json';
// Where `npm start` serves the console (its PORT defaults to 8080); the provider only sends browsers back there.
const CONSOLE_URL = (process.env.CONSOLE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const CLIENT = {
  clientId: 'partition-console-demo',
  clientSecret: 'demo-idp-client-secret-not-for-production',
  redirectUris: [`${CONSOLE_URL}/api/session/oidc/callback`],
  postLogoutRedirectUris: [`${CONSOLE_URL}/sign-in`],
};

function readAccounts(): IdpAccount[] {
  try {
    return JSON.parse(readFileSync(ACCOUNTS_FILE, 'utf8')) as IdpAccount[];
  } catch (error) {
    // A half-saved edit must not stop the provider: nobody signs in until the file reads again.
    console.error(`idp: ${ACCOUNTS_FILE} cannot be read (${String(error)}); no account can sign in`);
    return [];
  }
}

async function main(): Promise<void> {
  if (!existsSync(ACCOUNTS_FILE)) {
    mkdirSync(dirname(ACCOUNTS_FILE), { recursive: true });
    writeFileSync(ACCOUNTS_FILE, `${JSON.stringify(DEMO_IDP_ACCOUNTS, null, 2)}\n`);
  }
  const idp = await startTestIdp({
    client: CLIENT,
    accounts: readAccounts,
    port: Number(process.env.IDP_PORT ?? 0),
  });
  const settings = [
    `OIDC_ISSUER=${idp.issuer}`,
    `OIDC_CLIENT_ID=${CLIENT.clientId}`,
    `OIDC_CLIENT_SECRET=${CLIENT.clientSecret}`,
    'OIDC_DISPLAY_NAME="Demo IdP"',
    `OIDC_GROUP_ROLES="${DEMO_GROUP_ROLES}"`,
    'OIDC_ACCESS_CONTACT="the demo IdP (edit its accounts file)"',
  ];
  const accounts = readAccounts()
    .map((account) => `  ${account.email.padEnd(32)} groups: ${account.groups.join(', ') || '(none)'}`)
    .join('\n');
  console.log(`Demo identity provider: ${idp.issuer}  (for the console at ${CONSOLE_URL})

Put these in .env (or export them), then run npm start:

${settings.join('\n')}

Accounts (password for each: ${DEMO_IDP_ACCOUNTS[0]?.password ?? ''}), from ${ACCOUNTS_FILE}, read at every sign-in:
${accounts}

Stop with Ctrl+C.`);
  const stop = () => void idp.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
