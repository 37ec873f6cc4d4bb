import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import { ResetPasswordRequestSchema } from '../../../server/contract/access';
import type { User } from '../../../server/contract/access';
import { useResetPassword } from '../../api/users';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { FormTextField } from '../../components/form/form-text-field';
import { ACCOUNT_WORDS } from '../../i18n/validation-words';
import { needsAlert, placeServerErrors } from './server-errors';

type Props = { user: User; onClose: () => void; onDone: (user: User) => void };

const fields = ['password'] as const;

/** A new password chosen by an admin; the user's open sessions end with it. */
export function ResetPasswordDialog({ user, onClose, onDone }: Props) {
  const intl = useIntl();
  const { control, handleSubmit, setError } = useForm<{ password: string }>({
    resolver: zodResolver(ResetPasswordRequestSchema),
    defaultValues: { password: '' },
  });
  const reset = useResetPassword();
  const submit = ({ password }: { password: string }) =>
    reset.mutate(
      { id: user.id, password },
      { onSuccess: () => onDone(user), onError: (error) => placeServerErrors(intl, error, setError, fields) },
    );
  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="xs" aria-labelledby="reset-password-title">
      <Box component="form" noValidate onSubmit={(event) => void handleSubmit(submit)(event)}>
        <DialogTitle id="reset-password-title">
          <FormattedMessage id="users.resetPasswordFor" values={{ name: user.name }} />
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>
              <FormattedMessage id="users.resetPasswordEffect" values={{ email: user.email }} />
            </DialogContentText>
            <FormTextField
              control={control}
              name="password"
              validationWords={ACCOUNT_WORDS.password}
              label={intl.formatMessage({ id: 'users.newPassword' })}
              type="password"
              autoComplete="new-password"
              helperText={intl.formatMessage({ id: 'validation.password.min' })}
            />
            {reset.error && needsAlert(reset.error, fields) && <ApiErrorAlert error={reset.error} />}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>
            <FormattedMessage id="common.cancel" />
          </Button>
          <Button type="submit" variant="contained" disabled={reset.isPending}>
            <FormattedMessage id="users.setPassword" />
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
