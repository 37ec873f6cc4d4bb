import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Typography from '@mui/material/Typography';
import { FormattedMessage } from 'react-intl';

/** A page this account cannot use: says so plainly instead of offering actions the server would refuse. */
export function NotAllowed({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <Alert severity="info" action={action}>
      <AlertTitle>
        <FormattedMessage id="notAllowed.title" />
      </AlertTitle>
      <Typography variant="body2">{children}</Typography>
    </Alert>
  );
}
