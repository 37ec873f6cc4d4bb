import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { UserResponseSchema, UsersResponseSchema } from '../../server/contract/access';
import type { CreateUserRequest, UpdateUserRequest, User } from '../../server/contract/access';
import { requestJson, requestVoid } from './client';

export async function fetchUsers(): Promise<User[]> {
  const body = await requestJson('users', UsersResponseSchema);
  return body.users;
}

export async function createUser(request: CreateUserRequest): Promise<User> {
  const body = await requestJson('users', UserResponseSchema, { method: 'post', json: request });
  return body.user;
}

export async function updateUser({ id, patch }: { id: number; patch: UpdateUserRequest }): Promise<User> {
  const body = await requestJson(`users/${id}`, UserResponseSchema, { method: 'patch', json: patch });
  return body.user;
}

export async function resetPassword({ id, password }: { id: number; password: string }): Promise<void> {
  await requestVoid(`users/${id}/password`, { method: 'post', json: { password } });
}

export const userQueries = {
  all: () => ['users'] as const,
  list: () => queryOptions({ queryKey: [...userQueries.all(), 'list'] as const, queryFn: fetchUsers }),
};

function useInvalidatingMutation<TData, TVariables>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // The list shows last sign-in and status, which the server owns: read it again rather than patch it here.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userQueries.all() }),
  });
}

export function useCreateUser() {
  return useInvalidatingMutation(createUser);
}

export function useUpdateUser() {
  return useInvalidatingMutation(updateUser);
}

export function useResetPassword() {
  return useMutation({ mutationFn: resetPassword });
}
