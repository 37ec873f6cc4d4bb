import { useState } from 'react';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage, useIntl } from 'react-intl';
import type { User } from '../../../server/contract/access';
import { partitionQueries } from '../../api/partitions';
import { userQueries } from '../../api/users';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { AddUserDialog } from './add-user-dialog';
import { EditUserDialog } from './edit-user-dialog';
import { ResetPasswordDialog } from './reset-password-dialog';
import { UsersTable } from './users-table';

type Open = { kind: 'add' } | { kind: 'edit'; user: User } | { kind: 'password'; user: User } | null;

/** The team: who may use the console, as what, where; with the dialogs that change it. */
export function UsersAdmin() {
  const intl = useIntl();
  const users = useQuery(userQueries.list());
  // An admin's partition list holds every partition, so every grant can be named.
  const partitions = useQuery(partitionQueries.list());
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const finish = (message: string) => {
    setOpen(null);
    setDone(message);
  };
  return (
    <Stack spacing={2}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h1">
          <FormattedMessage id="page.users" />
        </Typography>
        <Button
          variant="contained"
          startIcon={<PersonAddOutlined />}
          onClick={() => setOpen({ kind: 'add' })}
        >
          <FormattedMessage id="users.add" />
        </Button>
      </Stack>
      {partitions.error && (
        <ApiErrorAlert error={partitions.error} onRetry={() => void partitions.refetch()} />
      )}
      {users.data ? (
        <UsersTable
          users={users.data}
          partitions={partitions.data}
          onEdit={(user) => setOpen({ kind: 'edit', user })}
          onResetPassword={(user) => setOpen({ kind: 'password', user })}
        />
      ) : users.error ? (
        <ApiErrorAlert error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <LoadingBlock label="loading.users" />
      )}
      {open?.kind === 'add' && (
        <AddUserDialog
          partitions={partitions.data ?? []}
          onClose={() => setOpen(null)}
          onAdded={(user) =>
            finish(intl.formatMessage({ id: 'users.added' }, { name: user.name, email: user.email }))
          }
        />
      )}
      {open?.kind === 'edit' && (
        <EditUserDialog
          user={open.user}
          partitions={partitions.data ?? []}
          onClose={() => setOpen(null)}
          onSaved={(user) => finish(intl.formatMessage({ id: 'users.saved' }, { name: user.name }))}
        />
      )}
      {open?.kind === 'password' && (
        <ResetPasswordDialog
          user={open.user}
          onClose={() => setOpen(null)}
          onDone={(user) => finish(intl.formatMessage({ id: 'users.passwordSet' }, { name: user.name }))}
        />
      )}
      <Snackbar open={done !== null} autoHideDuration={6000} onClose={() => setDone(null)} message={done} />
    </Stack>
  );
}
