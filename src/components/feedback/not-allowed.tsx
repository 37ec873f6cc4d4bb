import type { ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Typography from '@mui/material/Typography';

/** A page this account cannot use: says so plainly instead of offering actions the server would refuse. */
export function NotAllowed({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <Alert severity="info" action={action}>
      <AlertTitle>Not allowed</AlertTitle>
      <Typography variant="body2">{children}</Typography>
    </Alert>
  );
}
