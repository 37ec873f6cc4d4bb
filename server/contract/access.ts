import { z } from 'zod';

/** viewer: read; editor: read and write leads; admin: also manages users and sees all activity. */
export const RoleSchema = z.enum(['viewer', 'editor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

/** Partitions a user may see and touch, by Marketo partition id; `all` includes partitions made later. */
export const PartitionGrantSchema = z.union([
  z.literal('all'),
  z.array(z.number().int().positive()).max(1000),
]);
export type PartitionGrant = z.infer<typeof PartitionGrantSchema>;

export const PasswordSchema = z.string().min(12, 'At least 12 characters').max(200, 'At most 200 characters');

const AccountEmailSchema = z.string().trim().toLowerCase().email('Not a valid email address').max(255);

export const UserSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  partitions: PartitionGrantSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().nullable(),
  /** Signs in through single sign-on; role and partitions then come from its groups and are read-only here. */
  ssoManaged: z.boolean(),
});
export type User = z.infer<typeof UserSchema>;

/** `POST /api/session`: sign in. */
export const SignInRequestSchema = z.object({
  email: AccountEmailSchema,
  password: z.string().min(1, 'Enter your password').max(200),
});
export type SignInRequest = z.input<typeof SignInRequestSchema>;

/**
 * `GET /api/session` and `POST /api/session` answer with the signed-in user and the CSRF token that every
 * write must carry in the `x-csrf-token` header.
 */
export const SessionResponseSchema = z.object({ user: UserSchema, csrfToken: z.string() });
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

export const CSRF_HEADER = 'x-csrf-token';

export const UsersResponseSchema = z.object({ users: z.array(UserSchema) });
export const UserResponseSchema = z.object({ user: UserSchema });

/** `POST /api/users` (admin). */
export const CreateUserRequestSchema = z.object({
  email: AccountEmailSchema,
  name: z.string().trim().min(1, 'Enter a name').max(200),
  role: RoleSchema,
  partitions: PartitionGrantSchema,
  password: PasswordSchema,
});
export type CreateUserRequest = z.input<typeof CreateUserRequestSchema>;

/** `PATCH /api/users/:id` (admin); disabling ends the user's sessions at once. */
export const UpdateUserRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    role: RoleSchema,
    partitions: PartitionGrantSchema,
    disabled: z.boolean(),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, 'Change at least one thing');
export type UpdateUserRequest = z.input<typeof UpdateUserRequestSchema>;

/** `POST /api/users/:id/password` (admin): a new password; ends the user's sessions. */
export const ResetPasswordRequestSchema = z.object({ password: PasswordSchema });

export const UserIdParamsSchema = z.object({
  id: z
    .string()
    .regex(/^[0-9]{1,9}$/, 'A user id is a positive whole number')
    .transform(Number),
});
