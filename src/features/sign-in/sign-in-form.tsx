import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FormattedMessage, useIntl } from 'react-intl';
import { SignInRequestSchema } from '../../../server/contract/access';
import type { SignInRequest } from '../../../server/contract/access';
import type { ApiError } from '../../api/api-error';
import { useSignIn } from '../../api/session';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { FormTextField } from '../../components/form/form-text-field';
import { SIGN_IN_WORDS } from '../../i18n/validation-words';
import { formatLocalHourMinute } from '../../lib/format-time';

type Values = SignInRequest;
type Request = z.output<typeof SignInRequestSchema>;

/** The two failures of signing in that a person can act on, in their words; anything else as usual. */
function SignInError({ error }: { error: ApiError }) {
  const intl = useIntl();
  if (error.code === 'unauthenticated') {
    return (
      <Alert severity="error">
        <FormattedMessage id="signIn.wrongPassword" />
      </Alert>
    );
  }
  if (error.code === 'rate_limited') {
    return (
      <Alert severity="error">
        {error.retryAt ? (
          <FormattedMessage
            id="signIn.tooManyAttemptsAt"
            values={{ time: formatLocalHourMinute(intl, error.retryAt) }}
          />
        ) : (
          <FormattedMessage id="signIn.tooManyAttempts" />
        )}
      </Alert>
    );
  }
  return <ApiErrorAlert error={error} />;
}

export function SignInForm({ onSignedIn }: { onSignedIn: () => void }) {
  const intl = useIntl();
  const { control, handleSubmit } = useForm<Values, unknown, Request>({
    resolver: zodResolver(SignInRequestSchema),
    defaultValues: { email: '', password: '' },
  });
  const signIn = useSignIn();
  const submit = (request: Request) => signIn.mutate(request, { onSuccess: onSignedIn });
  return (
    <Stack component="form" noValidate spacing={2} onSubmit={(event) => void handleSubmit(submit)(event)}>
      <FormTextField
        control={control}
        name="email"
        validationWords={SIGN_IN_WORDS.email}
        label={intl.formatMessage({ id: 'signIn.email' })}
        type="email"
        autoComplete="username"
      />
      <FormTextField
        control={control}
        name="password"
        validationWords={SIGN_IN_WORDS.password}
        label={intl.formatMessage({ id: 'signIn.password' })}
        type="password"
        autoComplete="current-password"
      />
      {signIn.error && <SignInError error={signIn.error} />}
      <Button type="submit" variant="contained" disabled={signIn.isPending}>
        <FormattedMessage id="signIn.submit" />
      </Button>
    </Stack>
  );
}
