import { RoleSchema } from '../../../server/contract/access';
import { roleDescriptions, roleWords } from '../../lib/access';

export const roleOptions = RoleSchema.options.map((role) => ({
  value: role,
  label: `${roleWords[role]}: ${roleDescriptions[role].toLowerCase()}`,
}));
