import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FormattedMessage, useIntl } from 'react-intl';
import type { User } from '../../../server/contract/access';
import type { Partition } from '../../../server/contract/partitions';
import { useCreateUser } from '../../api/users';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { FormSelect } from '../../components/form/form-select';
import { FormTextField } from '../../components/form/form-text-field';
import { PartitionGrantField } from './partition-grant-field';
import { roleOptions } from './role-options';
import { ACCOUNT_WORDS } from '../../i18n/validation-words';
import { needsAlert, placeServerErrors } from './server-errors';
import { AddUserFormSchema, addUserDefaults } from './user-form-values';
import type { AddUserFormValues } from './user-form-values';

type Props = { partitions: Partition[]; onClose: () => void; onAdded: (user: User) => void };

const fields = ['email', 'name', 'role', 'partitionIds', 'password'] as const;

/** A new account with its role, partitions and first password. Mount it to open it. */
export function AddUserDialog({ partitions, onClose, onAdded }: Props) {
  const intl = useIntl();
  const { control, handleSubmit, setError } = useForm<
    AddUserFormValues,
    unknown,
    z.output<typeof AddUserFormSchema>
  >({ resolver: zodResolver(AddUserFormSchema), defaultValues: addUserDefaults });
  const create = useCreateUser();
  const submit = (request: z.output<typeof AddUserFormSchema>) =>
    create.mutate(request, {
      onSuccess: onAdded,
      onError: (error) => placeServerErrors(intl, error, setError, fields),
    });
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="add-user-title">
      <Box component="form" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
        <DialogTitle id="add-user-title">
          <FormattedMessage id="users.add" />
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormTextField
              control={control}
              name="email"
              validationWords={ACCOUNT_WORDS.email}
              label={intl.formatMessage({ id: 'users.column.email' })}
              type="email"
              autoComplete="off"
            />
            <FormTextField
              control={control}
              name="name"
              validationWords={ACCOUNT_WORDS.name}
              label={intl.formatMessage({ id: 'users.column.name' })}
              autoComplete="off"
            />
            <FormSelect
              control={control}
              name="role"
              label={intl.formatMessage({ id: 'users.column.role' })}
              options={roleOptions(intl)}
            />
            <PartitionGrantField control={control} partitions={partitions} />
            <FormTextField
              control={control}
              name="password"
              validationWords={ACCOUNT_WORDS.password}
              label={intl.formatMessage({ id: 'users.initialPassword' })}
              type="password"
              autoComplete="new-password"
              helperText={intl.formatMessage({ id: 'users.initialPassword.help' })}
            />
            {create.error && needsAlert(create.error, fields) && <ApiErrorAlert error={create.error} />}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>
            <FormattedMessage id="common.cancel" />
          </Button>
          <Button type="submit" variant="contained" disabled={create.isPending}>
            <FormattedMessage id="users.add" />
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
