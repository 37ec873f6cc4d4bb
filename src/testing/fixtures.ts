import type { Role, SessionResponse, User } from '../../server/contract/access';
import type { Lead } from '../../server/contract/leads';
import type { Partition } from '../../server/contract/partitions';
import type { StatusResponse } from '../../server/contract/status';

export const partitions: Partition[] = [
  { id: 1, name: 'Default', description: 'Initial lead partition' },
  { id: 2, name: 'Mexico', description: 'Leads in Mexico' },
  { id: 3, name: 'Canada', description: 'Leads in Canada' },
];

export function aLead(overrides: Partial<Lead> = {}): Lead {
  return {
    id: 318816,
    partition: { id: 2, name: 'Mexico' },
    fields: { email: 'ana@example.mx', firstName: 'Ana', lastName: 'López', title: null },
    ...overrides,
  };
}

export function aStatus(overrides: Partial<StatusResponse> = {}): StatusResponse {
  return {
    mode: 'emulator',
    instance: '123-ABC-456',
    rateBudget: { callsPer20s: 100, maxConcurrent: 10, callsInWindow: 0, inFlight: 0 },
    usage: { callsToday: 12, dailyQuotaExhausted: false, quotaResetsAt: '2026-11-30T06:00:00.000Z' },
    ...overrides,
  };
}

export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: 7,
    email: 'ana@example.com',
    name: 'Ana López',
    role: 'editor',
    partitions: 'all',
    disabled: false,
    createdAt: '2026-11-01T10:00:00.000Z',
    lastSignInAt: '2026-11-29T09:30:00.000Z',
    ssoManaged: false,
    ...overrides,
  };
}

export function aSession(role: Role = 'editor', overrides: Partial<User> = {}): SessionResponse {
  return { user: aUser({ role, ...overrides }), csrfToken: `csrf-${role}` };
}
