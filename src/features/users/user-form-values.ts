import { z } from 'zod';
import { CreateUserRequestSchema, UpdateUserRequestSchema } from '../../../server/contract/access';
import type { PartitionGrant, UpdateUserRequest, User } from '../../../server/contract/access';
import type { MessageId } from '../../i18n/message-ids';

// The form holds the grant as a switch plus a list, since "all" also covers partitions made later.
const GrantFields = {
  allPartitions: z.boolean(),
  partitionIds: z.array(z.number().int().positive()),
};

function toGrant(values: { allPartitions: boolean; partitionIds: number[] }): PartitionGrant {
  return values.allPartitions ? 'all' : values.partitionIds;
}

export const AddUserFormSchema = CreateUserRequestSchema.omit({ partitions: true })
  .extend(GrantFields)
  .transform(({ allPartitions, partitionIds, ...rest }) => ({
    ...rest,
    partitions: toGrant({ allPartitions, partitionIds }),
  }));
export type AddUserFormValues = z.input<typeof AddUserFormSchema>;

export const addUserDefaults: AddUserFormValues = {
  email: '',
  name: '',
  role: 'editor',
  allPartitions: false,
  partitionIds: [],
  password: '',
};

export const EditUserFormSchema = CreateUserRequestSchema.pick({ name: true, role: true }).extend({
  ...GrantFields,
  disabled: z.boolean(),
});
export type EditUserFormValues = z.infer<typeof EditUserFormSchema>;

export function editUserDefaults(user: User): EditUserFormValues {
  return {
    name: user.name,
    role: user.role,
    allPartitions: user.partitions === 'all',
    partitionIds: user.partitions === 'all' ? [] : user.partitions,
    disabled: user.disabled,
  };
}

function sameGrant(a: PartitionGrant, b: PartitionGrant): boolean {
  if (a === 'all' || b === 'all') return a === b;
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');
}

/** Only what changed: a PATCH that repeats the role would still count as a role change in the activity log. */
export function userPatch(user: User, values: EditUserFormValues): UpdateUserRequest {
  const grant = toGrant(values);
  return {
    ...(values.name.trim() !== user.name && { name: values.name.trim() }),
    ...(values.role !== user.role && { role: values.role }),
    ...(!sameGrant(grant, user.partitions) && { partitions: grant }),
    ...(values.disabled !== user.disabled && { disabled: values.disabled }),
  };
}

/**
 * The contract's rule for an empty patch, as a message id: the form checks every field itself, so the patch's
 * only way to fail is to change nothing.
 */
export function patchProblem(patch: UpdateUserRequest): MessageId | undefined {
  return UpdateUserRequestSchema.safeParse(patch).success ? undefined : 'users.nothingChanged';
}

/** Where a server detail (`partitions.2`) belongs in these forms. */
export function formFieldOf(path: string): string {
  const head = path.split('.')[0] ?? path;
  return head === 'partitions' ? 'partitionIds' : head;
}
