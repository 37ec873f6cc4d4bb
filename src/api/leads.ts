import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type { UseMutationOptions } from '@tanstack/react-query';
import {
  LeadResponseSchema,
  LeadsResponseSchema,
  LeadWriteResponseSchema,
  MoveLeadsResponseSchema,
} from '../../server/contract/leads';
import type {
  Lead,
  LeadWriteRequest,
  LeadWriteResponse,
  MoveLeadsRequest,
  MoveLeadsResponse,
} from '../../server/contract/leads';
import type { ApiError } from './api-error';
import { requestJson, requestJsonOnce } from './client';

export async function fetchLead(id: number): Promise<Lead> {
  const body = await requestJson(`leads/${id}`, LeadResponseSchema);
  return body.lead;
}

export async function searchLeadsByEmail(email: string): Promise<Lead[]> {
  const body = await requestJson('leads', LeadsResponseSchema, { searchParams: { email } });
  return body.leads;
}

// A big batch goes to Marketo in several calls, each of which may wait out the rate window; giving up early
// would leave the user unsure whether the write happened, so writes get far longer than reads.
const WRITE_TIMEOUT_MS = 180_000;

export async function writeLeads(request: LeadWriteRequest): Promise<LeadWriteResponse> {
  return requestJsonOnce('leads', LeadWriteResponseSchema, {
    method: 'post',
    json: request,
    timeout: WRITE_TIMEOUT_MS,
  });
}

export async function moveLeads(request: MoveLeadsRequest): Promise<MoveLeadsResponse> {
  return requestJsonOnce('leads/partition', MoveLeadsResponseSchema, {
    method: 'post',
    json: request,
    timeout: WRITE_TIMEOUT_MS,
  });
}

export const leadQueries = {
  all: () => ['leads'] as const,
  detail: (id: number) =>
    queryOptions({ queryKey: [...leadQueries.all(), 'detail', id] as const, queryFn: () => fetchLead(id) }),
  byEmail: (email: string) =>
    queryOptions({
      queryKey: [...leadQueries.all(), 'search', { email }] as const,
      queryFn: () => searchLeadsByEmail(email),
    }),
};

type Overrides<TData, TVariables> = Omit<
  UseMutationOptions<TData, ApiError, TVariables>,
  'mutationFn' | 'onSuccess'
> & { onSuccess?: (data: TData, variables: TVariables) => void };

/** Create or update leads; every cached lead may have changed afterwards. */
export function useWriteLeads(overrides: Overrides<LeadWriteResponse, LeadWriteRequest> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = overrides;
  return useMutation({
    ...rest,
    mutationFn: writeLeads,
    onSuccess: async (data, variables) => {
      await queryClient.invalidateQueries({ queryKey: leadQueries.all() });
      onSuccess?.(data, variables);
    },
  });
}

export function useMoveLeads(overrides: Overrides<MoveLeadsResponse, MoveLeadsRequest> = {}) {
  const queryClient = useQueryClient();
  const { onSuccess, ...rest } = overrides;
  return useMutation({
    ...rest,
    mutationFn: moveLeads,
    onSuccess: async (data, variables) => {
      await queryClient.invalidateQueries({ queryKey: leadQueries.all() });
      onSuccess?.(data, variables);
    },
  });
}
