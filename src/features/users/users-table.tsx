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
import { FormattedMessage } from 'react-intl';
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

function grantWords(grant: PartitionGrant, partitions: Partition[] | undefined): string {
  if (grant === 'all') return 'All partitions';
  if (grant.length === 0) return 'None';
  return grant.map((id) => partitionNameById(partitions, id) ?? `#${id}`).join(', ');
}

export function UsersTable({ users, partitions, onEdit, onResetPassword }: Props) {
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Users">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Email</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Partitions</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Last sign-in</TableCell>
            <TableCell>Actions</TableCell>
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
              <TableCell>{grantWords(user.partitions, partitions)}</TableCell>
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
                  <Button size="small" aria-label={`Edit ${user.email}`} onClick={() => onEdit(user)}>
                    Edit
                  </Button>
                  {!user.ssoManaged && (
                    <Button
                      size="small"
                      aria-label={`Reset password for ${user.email}`}
                      onClick={() => onResetPassword(user)}
                    >
                      Reset password
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
