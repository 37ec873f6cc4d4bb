import type { Role, User } from '../../server/contract/access';

// What the UI offers each role; the server enforces the same rules, this only keeps dead ends off the screen.

export function canWriteLeads(user: Pick<User, 'role'> | undefined): boolean {
  return user?.role === 'editor' || user?.role === 'admin';
}

export function isAdmin(user: Pick<User, 'role'> | undefined): boolean {
  return user?.role === 'admin';
}

export const roleWords: Record<Role, string> = {
  viewer: 'Viewer',
  editor: 'Editor',
  admin: 'Admin',
};

export const roleDescriptions: Record<Role, string> = {
  viewer: 'Looks leads up, changes nothing',
  editor: 'Creates, updates and moves leads',
  admin: 'Also manages users and sees all activity',
};
