// The users admin API (admins only): list, create, edit (role, grants, disabled), reset a password. Disabling a
// user or resetting their password ends their sessions at once; nobody can lock the console out of admins.
import type { FastifyPluginCallbackZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CreateUserRequestSchema,
  ResetPasswordRequestSchema,
  UpdateUserRequestSchema,
  UserIdParamsSchema,
  UserResponseSchema,
  UsersResponseSchema,
} from '../contract/access';
import { badRequest, notFound } from '../http/api-error';
import { requireRole } from '../auth/access';
import { hashPassword } from '../auth/password';
import { currentUser } from '../auth/request-auth';
import { describeUserChange, type PartitionNames } from '../auth/user-change';
import { refuseGroupManagedChange, refuseSsoPasswordReset } from '../auth/sso-managed';
import { actor, toUser } from '../auth/user-view';
import { DuplicateEmailError, type UserPatch, type UserRecord } from '../store/users-repo';
import { errorResponses, type RouteOptions } from './route-options';
import { activitySummary } from '../audit/summary-codes';

export const userRoutes: FastifyPluginCallbackZod<RouteOptions> = (app, { access, catalog }, done) => {
  const { users, sessions, audit, passwordParams, now, transaction } = access;

  // The change is made even when Marketo cannot name the partitions now: the trail then shows their ids.
  const partitionNames = async (): Promise<PartitionNames> => {
    try {
      return new Map((await catalog.partitions()).map((partition) => [partition.id, partition.name]));
    } catch {
      return new Map();
    }
  };

  const record = (
    by: UserRecord,
    action: 'user.create' | 'user.update' | 'user.password-reset',
    summary: string,
  ) =>
    audit.append({
      user: actor(by),
      action,
      partitions: [],
      leadIds: [],
      outcome: 'success',
      leads: [],
      requestIds: [],
      summary,
    });

  const target = async (id: number): Promise<UserRecord> => {
    const user = await users.byId(id);
    if (!user) throw notFound(`No user has id ${id}.`);
    return user;
  };

  const activeAdmins = async () =>
    (await users.list()).filter((user) => user.role === 'admin' && !user.disabled);

  app.get(
    '/api/users',
    { schema: { summary: 'Every user (admin)', response: { 200: UsersResponseSchema, ...errorResponses } } },
    async (request) => {
      requireRole(currentUser(request), 'admin');
      return { users: (await users.list()).map(toUser) };
    },
  );

  app.post(
    '/api/users',
    {
      schema: {
        summary: 'Add a user (admin)',
        body: CreateUserRequestSchema,
        response: { 201: UserResponseSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const admin = currentUser(request);
      requireRole(admin, 'admin');
      const { password, ...fields } = request.body;
      if (await users.byEmail(fields.email)) throw duplicate();
      const passwordHash = await hashPassword(password, passwordParams);
      let created: UserRecord;
      try {
        // The user and its audit entry land together, or neither does.
        created = await transaction(async () => {
          const user = await users.create({
            ...fields,
            passwordHash,
            createdAt: new Date(now()).toISOString(),
          });
          await record(
            admin,
            'user.create',
            activitySummary('user_created', { email: user.email, role: user.role }),
          );
          return user;
        });
      } catch (error) {
        if (error instanceof DuplicateEmailError) throw duplicate();
        throw error;
      }
      return reply.status(201).send({ user: toUser(created) });
    },
  );

  app.patch(
    '/api/users/:id',
    {
      schema: {
        summary: 'Change a user’s name, role, partitions or disabled state (admin)',
        params: UserIdParamsSchema,
        body: UpdateUserRequestSchema,
        response: { 200: UserResponseSchema, ...errorResponses },
      },
    },
    async (request) => {
      const admin = currentUser(request);
      requireRole(admin, 'admin');
      // Before the transaction: it waits for nothing but the database.
      const names = await partitionNames();
      // Read, checked and written in one transaction that holds other user changes off: no other change lands
      // between read and write (two admins demoting each other cannot leave none).
      const updated = await transaction(async () => {
        await users.lockForChange();
        const user = await target(request.params.id);
        refuseGroupManagedChange(user, request.body);
        const patch: UserPatch = {};
        const body = request.body;
        if (body.name !== undefined) patch.name = body.name;
        if (body.role !== undefined) patch.role = body.role;
        if (body.partitions !== undefined) patch.partitions = body.partitions;
        if (body.disabled !== undefined) patch.disabled = body.disabled;
        const losesAdmin =
          user.role === 'admin' &&
          !user.disabled &&
          (patch.disabled === true || (patch.role ?? 'admin') !== 'admin');
        if (losesAdmin && user.id === admin.id) {
          throw badRequest(
            'You cannot disable or demote yourself.',
            [
              {
                path: patch.disabled === true ? 'disabled' : 'role',
                message: 'Ask another admin to do this',
                reason: 'user_self_demote',
              },
            ],
            { reason: 'user_self_demote' },
          );
        }
        if (losesAdmin && (await activeAdmins()).length <= 1) {
          throw badRequest(
            'The console needs at least one active admin.',
            [
              {
                path: patch.disabled === true ? 'disabled' : 'role',
                message: 'This is the last active admin',
                reason: 'user_last_admin',
              },
            ],
            { reason: 'user_last_admin' },
          );
        }
        const changed = (await users.update(user.id, patch)) ?? user;
        if (patch.disabled === true) await sessions.endAllFor(user.id);
        await record(admin, 'user.update', `${user.email}: ${describeUserChange(user, patch, names)}`);
        return changed;
      });
      return { user: toUser(updated) };
    },
  );

  app.post(
    '/api/users/:id/password',
    {
      schema: {
        summary: 'Set a new password for a user (admin); ends their sessions',
        params: UserIdParamsSchema,
        body: ResetPasswordRequestSchema,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const admin = currentUser(request);
      requireRole(admin, 'admin');
      const user = await target(request.params.id);
      refuseSsoPasswordReset(user);
      const passwordHash = await hashPassword(request.body.password, passwordParams);
      await transaction(async () => {
        await users.update(user.id, { passwordHash });
        await sessions.endAllFor(user.id);
        await record(admin, 'user.password-reset', activitySummary('password_reset', { email: user.email }));
      });
      await reply.status(204).send(null);
    },
  );
  done();
};

function duplicate() {
  return badRequest(
    'A user with this email exists.',
    [{ path: 'email', message: 'This email is taken', reason: 'user_email_taken' }],
    {
      reason: 'user_email_taken',
    },
  );
}
