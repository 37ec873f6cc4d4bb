import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { useSession } from '../../api/use-session';
import { RoutePageTitle } from '../../components/layout/route-page-title';
import { isSigningOut, safeNextPath } from '../../config/paths';
import { SignInChoices } from '../../features/sign-in/sso-sign-in';
import { useFinishSignOut } from '../../features/sign-in/use-finish-sign-out';

/**
 * `/sign-in?next=/leads/7[&reason=expired][&sso_error=no-group]`: public; after signing in the user lands where
 * they were going. `sso_error` is set by the single sign-on callback when it refused (server/auth/sso-refusal.ts).
 */
export default function SignInPage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSession();
  useFinishSignOut();
  const next = safeNextPath(search.get('next'));
  // Already signed in (a bookmark, the back button): nothing to do here. While the check is pending the form
  // shows, so a signed-out user never waits for it.
  if (session.data && !isSigningOut(location.state as unknown)) return <Navigate to={next} replace />;
  return (
    <Box component="main" sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh', p: 2 }}>
      <RoutePageTitle />
      <Paper sx={{ p: 4, width: '100%', maxWidth: 400 }}>
        <Typography variant="h1" gutterBottom>
          <FormattedMessage id="page.signIn" />
        </Typography>
        <Typography color="text.secondary" sx={{ mb: 3 }}>
          <FormattedMessage id="app.name" />
        </Typography>
        {search.get('reason') === 'expired' && (
          // A status, not an alert: nothing went wrong on this page, and it should not interrupt.
          <Alert severity="info" role="status" sx={{ mb: 2 }}>
            <FormattedMessage id="error.unauthenticated.advice" />
          </Alert>
        )}
        <SignInChoices
          next={next}
          refusal={search.get('sso_error')}
          onSignedIn={() => void navigate(next, { replace: true })}
        />
      </Paper>
    </Box>
  );
}
