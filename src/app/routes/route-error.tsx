import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { isRouteErrorResponse, useRouteError } from 'react-router';
import { AppShell } from '../../components/layout/app-shell';

/** Last line of defence: an unexpected crash or a page chunk that failed to load. */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <AppShell>
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={() => window.location.reload()}>
            Reload
          </Button>
        }
      >
        <AlertTitle>{notFound ? 'Page not found' : 'Something went wrong'}</AlertTitle>
        {notFound ? 'There is no page at this address.' : 'Reload the page to try again.'}
      </Alert>
    </AppShell>
  );
}
