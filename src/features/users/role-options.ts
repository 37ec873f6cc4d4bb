import type { IntlShape } from 'react-intl';
import { RoleSchema } from '../../../server/contract/access';
import { roleDescriptions, roleWords } from '../../lib/access';

/** Each role with what it may do, for the role select. */
export function roleOptions(intl: IntlShape) {
  return RoleSchema.options.map((role) => ({
    value: role,
    label: intl.formatMessage(
      { id: 'role.option' },
      {
        role: intl.formatMessage({ id: roleWords[role] }),
        description: intl.formatMessage({ id: roleDescriptions[role] }),
      },
    ),
  }));
}
