import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';

type Props = { retrying: boolean; onRetry: () => void };

/** A page whose code did not arrive (the proxy was down or the network dropped); trying again fetches it anew. */
export function PageLoadFailed({ retrying, onRetry }: Props) {
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" disabled={retrying} onClick={onRetry}>
          {retrying ? 'Trying…' : 'Try again'}
        </Button>
      }
    >
      <AlertTitle>This page did not load</AlertTitle>
      The console could not reach its server. Check your connection, then try again.
    </Alert>
  );
}
