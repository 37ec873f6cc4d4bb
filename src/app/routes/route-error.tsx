import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { isRouteErrorResponse, useLocation, useNavigate, useRouteError } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { AppShell } from '../../components/layout/app-shell';
import { usePageTitle } from '../../components/layout/page-title';

/**
 * Last line of defence: an unexpected crash while drawing a page. (A page chunk that fails to load is offered
 * again in place by lazyPage, see lazy-page.tsx.)
 */
export function RouteError() {
  const error = useRouteError();
  const navigate = useNavigate();
  const location = useLocation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  usePageTitle(notFound ? 'page.notFound' : 'page.error');
  // Going to the same address again clears the router's error and draws the page afresh; a reload would also
  // lose everything the app has cached.
  const tryAgain = () => void navigate(location, { replace: true });
  return (
    <AppShell>
      <Alert
        severity="error"
        action={
          // No page will appear at an address that has none, however often the user tries.
          !notFound && (
            <Button color="inherit" size="small" onClick={tryAgain}>
              <FormattedMessage id="page.tryAgain" />
            </Button>
          )
        }
      >
        <AlertTitle>
          <FormattedMessage id={notFound ? 'page.notFound' : 'page.error'} />
        </AlertTitle>
        <FormattedMessage id={notFound ? 'page.notFound.text' : 'page.error.text'} />
      </Alert>
    </AppShell>
  );
}
