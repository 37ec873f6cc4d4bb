import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import { FormattedMessage } from 'react-intl';
import { signInOptionsQuery, ssoSignInHref } from '../../api/sso';
import { SignInForm } from './sign-in-form';
import { ssoRefusalWords } from './sso-refusal-words';

type Props = {
  /** Where to land after signing in (a path of this app). */
  next: string;
  /** `sso_error` from the URL: why the identity provider's sign-in was refused. */
  refusal: string | null;
  onSignedIn: () => void;
};

/**
 * "Sign in with <provider>" when single sign-on is set up, and the password form: shown as usual, or, with
 * password sign-in turned off, folded away for the break-glass admin.
 */
export function SignInChoices({ next, refusal, onSignedIn }: Props) {
  const options = useQuery(signInOptionsQuery());
  const [showPassword, setShowPassword] = useState(false);
  const oidc = options.data?.oidc;
  const refused = ssoRefusalWords(refusal);
  const passwordFolded = options.data?.passwordSignIn === false && !showPassword;
  return (
    <Stack spacing={2}>
      {refused && (
        <Alert severity="error">
          <FormattedMessage id={refused.words} />
          {refused.reason === 'no-group' && (
            <>
              {' '}
              {oidc?.accessContact ? (
                <FormattedMessage id="sso.askContact" values={{ contact: oidc.accessContact }} />
              ) : (
                <FormattedMessage id="sso.askAdministrator" />
              )}
            </>
          )}
        </Alert>
      )}
      {oidc && (
        <Button variant="contained" href={ssoSignInHref(next)}>
          <FormattedMessage id="sso.signInWith" values={{ provider: oidc.displayName }} />
        </Button>
      )}
      {oidc && (
        <Divider>
          <FormattedMessage id="sso.or" />
        </Divider>
      )}
      {passwordFolded ? (
        <Button variant="text" onClick={() => setShowPassword(true)}>
          <FormattedMessage id="sso.passwordSignIn" />
        </Button>
      ) : (
        <SignInForm onSignedIn={onSignedIn} />
      )}
    </Stack>
  );
}
