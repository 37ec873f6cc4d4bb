import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import { FormattedMessage } from 'react-intl';
import { useNavigate } from 'react-router';
import { useSession } from '../../api/use-session';
import { paths, signingOutState } from '../../config/paths';
import { roleWords } from '../../lib/access';
import { LanguageMenu } from './language-menu';

/** Who is signed in, and as what. */
export function AccountName({ align = 'right' }: { align?: 'left' | 'right' }) {
  const { data: session } = useSession();
  if (!session) return null;
  const { user } = session;
  return (
    <Stack sx={{ textAlign: align }}>
      <Typography variant="body2">{user.name}</Typography>
      <Typography variant="caption">
        <FormattedMessage
          id="shell.account"
          values={{ email: user.email, role: <FormattedMessage id={roleWords[user.role]} /> }}
        />
      </Typography>
    </Stack>
  );
}

/** The way out. */
export function SignOutButton() {
  const { data: session } = useSession();
  const navigate = useNavigate();
  if (!session) return null;
  // Only a way to sign-in: that page signs out when the user arrives (useFinishSignOut), since a form with unsaved
  // leads may keep them here, and leaving the signed-in pages first means none of them sees the session end and
  // redirects to "sign in to come back here".
  const leave = () => void navigate(paths.signIn, { state: signingOutState });
  return (
    <Button color="inherit" startIcon={<LogoutOutlined />} sx={{ flexShrink: 0 }} onClick={leave}>
      <FormattedMessage id="shell.signOut" />
    </Button>
  );
}

/** Who is signed in, as what, their language, and the way out. */
export function AccountSummary() {
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
      <AccountName />
      <LanguageMenu />
      <SignOutButton />
    </Stack>
  );
}
