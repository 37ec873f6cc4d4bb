// `/__emulator/*`: reset, stats, faults, config and a dump of the leads. Loopback only, and refused when the
// request shows signs of having come through a proxy, so it can never be reached from the proxy's clients.
import type { IncomingMessage } from 'node:http';
import { ConfigPatchSchema } from '../config';
import { FaultSchema } from '../faults';
import { type EmulatorReply, decodeUtf8, jsonReply, readBody } from '../http-io';
import { type EmulatorState, resetState } from '../state';

const noContent = (): EmulatorReply => ({ status: 204, contentType: 'text/plain', body: '' });
const problem = (status: number, message: string): EmulatorReply => jsonReply({ error: message }, status);

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function isDirectLoopback(req: IncomingMessage): boolean {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return false;
  return req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  if (body.kind === 'too-large') throw new Error('body too large');
  const text = decodeUtf8(body.bytes);
  if (text === undefined) throw new Error('body is not UTF-8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

export async function handleControl(
  req: IncomingMessage,
  path: string,
  state: EmulatorState,
): Promise<EmulatorReply> {
  if (!isDirectLoopback(req)) return problem(403, 'The control API answers direct loopback calls only');
  const key = `${req.method ?? 'GET'} ${path}`;
  try {
    switch (key) {
      case 'POST /__emulator/reset':
        resetState(state);
        return noContent();
      case 'GET /__emulator/stats': {
        const { stats, limits } = state;
        return jsonReply({
          calls: stats.calls,
          callsByPath: stats.callsByPath,
          identityCalls: stats.identityCalls,
          errorsByCode: stats.errorsByCode,
          maxConcurrent: limits.maxConcurrentSeen,
          maxCallsIn20s: limits.maxCallsIn20sSeen,
        });
      }
      case 'POST /__emulator/faults': {
        const parsed = FaultSchema.safeParse(await jsonBody(req));
        if (!parsed.success) return problem(400, `Invalid fault: ${parsed.error.message}`);
        state.faults.add(parsed.data);
        return noContent();
      }
      case 'DELETE /__emulator/faults':
        state.faults.clear();
        return noContent();
      case 'PUT /__emulator/config': {
        const parsed = ConfigPatchSchema.safeParse(await jsonBody(req));
        if (!parsed.success) return problem(400, `Invalid config: ${parsed.error.message}`);
        state.config = { ...state.config, ...parsed.data };
        return noContent();
      }
      case 'GET /__emulator/config':
        return jsonReply(state.config);
      case 'GET /__emulator/leads':
        return jsonReply({
          leads: state.db.allLeads().map((lead) => ({
            id: lead.id,
            ...lead.fields,
            leadPartitionId: lead.partitionId,
            createdAt: lead.createdAt,
            updatedAt: lead.updatedAt,
          })),
        });
      default:
        return problem(404, `No control route ${key}`);
    }
  } catch (error) {
    return problem(400, error instanceof Error ? error.message : 'Bad request');
  }
}
