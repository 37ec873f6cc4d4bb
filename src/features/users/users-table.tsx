import type { IntlShape } from 'react-intl';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { FormattedMessage, useIntl } from 'react-intl';
import type { PartitionGrant, User } from '../../../server/contract/access';
import type { Partition } from '../../../server/contract/partitions';
import { partitionNameById } from '../../api/partitions';
import { roleWords } from '../../lib/access';
import { LocalTime } from '../../i18n/formatted';

type Props = {
  users: User[];
  partitions: Partition[] | undefined;
  onEdit: (user: User) => void;
  onResetPassword: (user: User) => void;
};

function grantWords(intl: IntlShape, grant: PartitionGrant, partitions: Partition[] | undefined): string {
  if (grant === 'all') return intl.formatMessage({ id: 'users.allPartitions' });
  if (grant.length === 0) return intl.formatMessage({ id: 'activity.none' });
  return grant.map((id) => partitionNameById(partitions, id) ?? `#${id}`).join(', ');
}

export function UsersTable({ users, partitions, onEdit, onResetPassword }: Props) {
  const intl = useIntl();
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label={intl.formatMessage({ id: 'page.users' })}>
        <TableHead>
          <TableRow>
            <TableCell>
              <FormattedMessage id="users.column.name" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="users.column.email" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="users.column.role" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="users.column.partitions" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="users.column.status" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="users.column.lastSignIn" />
            </TableCell>
            <TableCell>
              <FormattedMessage id="users.column.actions" />
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.id}>
              <TableCell>{user.name}</TableCell>
              <TableCell>
                {user.email}
                {user.ssoManaged && (
                  // Role and partitions come from the identity provider's groups at each sign-in.
                  <Chip
                    size="small"
                    variant="outlined"
                    label={<FormattedMessage id="users.ssoManaged" />}
                    sx={{ ml: 1 }}
                  />
                )}
              </TableCell>
              <TableCell>
                <FormattedMessage id={roleWords[user.role]} />
              </TableCell>
              <TableCell>{grantWords(intl, user.partitions, partitions)}</TableCell>
              <TableCell>
                <Chip
                  size="small"
                  label={<FormattedMessage id={user.disabled ? 'users.disabled' : 'users.active'} />}
                  color={user.disabled ? 'default' : 'success'}
                />
              </TableCell>
              <TableCell>
                {user.lastSignInAt ? (
                  <LocalTime iso={user.lastSignInAt} />
                ) : (
                  <FormattedMessage id="users.never" />
                )}
              </TableCell>
              <TableCell>
                <Stack direction="row" spacing={1}>
                  <Button
                    size="small"
                    aria-label={intl.formatMessage({ id: 'users.editOf' }, { email: user.email })}
                    onClick={() => onEdit(user)}
                  >
                    <FormattedMessage id="lead.edit" />
                  </Button>
                  {!user.ssoManaged && (
                    <Button
                      size="small"
                      aria-label={intl.formatMessage({ id: 'users.resetPasswordFor' }, { name: user.email })}
                      onClick={() => onResetPassword(user)}
                    >
                      <FormattedMessage id="users.resetPassword" />
                    </Button>
                  )}
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
