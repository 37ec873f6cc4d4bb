import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import { zodResolver } from '@hookform/resolvers/zod';
import { useController, useForm } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageId } from '../../i18n/message-ids';
import type { User } from '../../../server/contract/access';
import type { Partition } from '../../../server/contract/partitions';
import { useUpdateUser } from '../../api/users';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { FormSelect } from '../../components/form/form-select';
import { FormTextField } from '../../components/form/form-text-field';
import { PartitionGrantField } from './partition-grant-field';
import { roleOptions } from './role-options';
import { ACCOUNT_WORDS } from '../../i18n/validation-words';
import { needsAlert, placeServerErrors } from './server-errors';
import { EditUserFormSchema, editUserDefaults, patchProblem, userPatch } from './user-form-values';
import type { EditUserFormValues } from './user-form-values';

type Props = { user: User; partitions: Partition[]; onClose: () => void; onSaved: (user: User) => void };

const fields = ['name', 'role', 'partitionIds', 'disabled'] as const;

/** Name, role, partitions and whether the account may sign in; sends only what changed. */
export function EditUserDialog({ user, partitions, onClose, onSaved }: Props) {
  const intl = useIntl();
  const { control, handleSubmit, setError } = useForm<EditUserFormValues>({
    resolver: zodResolver(EditUserFormSchema),
    defaultValues: editUserDefaults(user),
  });
  const disabled = useController({ control, name: 'disabled' });
  const update = useUpdateUser();
  const [problem, setProblem] = useState<MessageId>();
  const submit = (values: EditUserFormValues) => {
    const patch = userPatch(user, values);
    const issue = patchProblem(patch);
    setProblem(issue);
    if (issue) return;
    update.mutate(
      { id: user.id, patch },
      { onSuccess: onSaved, onError: (error) => placeServerErrors(intl, error, setError, fields) },
    );
  };
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm" aria-labelledby="edit-user-title">
      <Box component="form" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
        <DialogTitle id="edit-user-title">
          <FormattedMessage id="users.editTitle" values={{ name: user.name }} />
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <FormTextField
              control={control}
              name="name"
              validationWords={ACCOUNT_WORDS.name}
              label={intl.formatMessage({ id: 'users.column.name' })}
              autoComplete="off"
            />
            {user.ssoManaged ? (
              // The server refuses these for SSO users (server/auth/sso-managed.ts): their groups decide.
              <Alert severity="info">
                <FormattedMessage id="users.ssoManagedText" />
              </Alert>
            ) : (
              <>
                <FormSelect
                  control={control}
                  name="role"
                  label={intl.formatMessage({ id: 'users.column.role' })}
                  options={roleOptions(intl)}
                />
                <PartitionGrantField control={control} partitions={partitions} />
              </>
            )}
            <FormControlLabel
              control={
                <Switch
                  checked={disabled.field.value}
                  onChange={(event) => disabled.field.onChange(event.target.checked)}
                />
              }
              label={intl.formatMessage({ id: 'users.disabled' })}
            />
            {disabled.fieldState.error && <Alert severity="error">{disabled.fieldState.error.message}</Alert>}
            {problem && (
              <Alert severity="info">
                <FormattedMessage id={problem} />
              </Alert>
            )}
            {update.error && needsAlert(update.error, fields) && <ApiErrorAlert error={update.error} />}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>
            <FormattedMessage id="common.cancel" />
          </Button>
          <Button type="submit" variant="contained" disabled={update.isPending}>
            <FormattedMessage id="leadForm.save" />
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
