import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import { useNavigate } from 'react-router';
import { useSignOut } from '../../api/session';
import { useSession } from '../../api/use-session';
import { paths, signingOutState } from '../../config/paths';
import { roleWords } from '../../lib/access';

/** Who is signed in, and as what. */
export function AccountName({ align = 'right' }: { align?: 'left' | 'right' }) {
  const { data: session } = useSession();
  if (!session) return null;
  const { user } = session;
  return (
    <Stack sx={{ textAlign: align }}>
      <Typography variant="body2">{user.name}</Typography>
      <Typography variant="caption">
        {user.email} · {roleWords[user.role]}
      </Typography>
    </Stack>
  );
}

/** The way out. */
export function SignOutButton() {
  const { data: session } = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  if (!session) return null;
  // Leave the signed-in pages first; the session is then dropped from the cache without telling them (see
  // useSignOut), since a page that saw it end would redirect to "sign in to come back here".
  const leave = async () => {
    await navigate(paths.signIn, { state: signingOutState });
    signOut.mutate();
  };
  return (
    <Button
      color="inherit"
      startIcon={<LogoutOutlined />}
      sx={{ flexShrink: 0 }}
      onClick={() => void leave()}
    >
      Sign out
    </Button>
  );
}

/** Who is signed in, as what, and the way out. */
export function AccountSummary() {
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center' }}>
      <AccountName />
      <SignOutButton />
    </Stack>
  );
}
