// `GET|POST /identity/oauth/token` (docs/marketo-api.md §3.1): OAuth2 client credentials, Spring-style error bodies.
import type { IncomingMessage } from 'node:http';
import { type EmulatorReply, decodeUtf8, jsonReply, mediaType, readBody } from '../http-io';
import type { EmulatorState } from '../state';

const NO_CACHE = { 'Cache-Control': 'no-store', Pragma: 'no-cache', 'X-Frame-Options': 'DENY' };

function oauthError(status: number, error: string, description: string): EmulatorReply {
  return jsonReply({ error, error_description: description }, status, NO_CACHE);
}

export async function identityToken(
  req: IncomingMessage,
  query: URLSearchParams,
  state: EmulatorState,
): Promise<EmulatorReply> {
  const method = req.method ?? 'GET';
  if (method !== 'GET' && method !== 'POST') {
    return oauthError(405, 'method_not_allowed', `Request method '${method}' not supported`);
  }
  const params = new URLSearchParams(query);
  const body = await readBody(req);
  if (body.kind === 'too-large') return oauthError(413, 'invalid_request', 'Request entity too large');
  if (
    method === 'POST' &&
    state.config.identityAcceptsFormBody &&
    mediaType(req) === 'application/x-www-form-urlencoded'
  ) {
    const form = new URLSearchParams(decodeUtf8(body.bytes) ?? '');
    for (const [key, value] of form) if (!params.has(key)) params.set(key, value);
  }

  const clientId = params.get('client_id');
  const clientSecret = params.get('client_secret');
  const grantType = params.get('grant_type');
  const { config } = state;
  // Which `error` goes with which failure is unconfirmed (docs/marketo-api.md §14.10); these follow Spring Security OAuth2.
  if (!clientId)
    return oauthError(401, 'unauthorized', 'Full authentication is required to access this resource');
  if (clientId !== config.clientId)
    return oauthError(401, 'unauthorized', `No client with requested id: ${clientId}`);
  if (clientSecret !== config.clientSecret)
    return oauthError(401, 'invalid_client', 'Bad client credentials');
  if (!grantType) return oauthError(400, 'invalid_request', 'Missing grant type');
  if (grantType !== 'client_credentials') {
    return oauthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }

  const issued = state.tokens.issue(clientId, config.tokenTtlSeconds);
  return jsonReply(
    {
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_in: issued.expiresIn,
      scope: config.apiUserEmail,
    },
    200,
    NO_CACHE,
  );
}
