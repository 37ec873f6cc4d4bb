import type { Role, User } from '../../server/contract/access';
import type { MessageId } from '../i18n/message-ids';

// What the UI offers each role; the server enforces the same rules, this only keeps dead ends off the screen.

export function canWriteLeads(user: Pick<User, 'role'> | undefined): boolean {
  return user?.role === 'editor' || user?.role === 'admin';
}

export function isAdmin(user: Pick<User, 'role'> | undefined): boolean {
  return user?.role === 'admin';
}

export const roleWords: Record<Role, MessageId> = {
  viewer: 'role.viewer',
  editor: 'role.editor',
  admin: 'role.admin',
};

export const roleDescriptions: Record<Role, MessageId> = {
  viewer: 'role.viewer.description',
  editor: 'role.editor.description',
  admin: 'role.admin.description',
};
