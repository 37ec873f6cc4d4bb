import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { FormattedMessage } from 'react-intl';

type Props = { retrying: boolean; onRetry: () => void };

/** A page whose code did not arrive (the proxy was down or the network dropped); trying again fetches it anew. */
export function PageLoadFailed({ retrying, onRetry }: Props) {
  return (
    <Alert
      severity="error"
      action={
        <Button color="inherit" size="small" disabled={retrying} onClick={onRetry}>
          <FormattedMessage id={retrying ? 'page.trying' : 'page.tryAgain'} />
        </Button>
      }
    >
      <AlertTitle>
        <FormattedMessage id="page.loadFailed.title" />
      </AlertTitle>
      <FormattedMessage id="page.loadFailed.text" />
    </Alert>
  );
}
