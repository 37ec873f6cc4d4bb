import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { FormattedMessage } from 'react-intl';
import { useAccess } from '../../api/use-access';
import { NotAllowed } from '../../components/feedback/not-allowed';
import { UsersAdmin } from '../../features/users/users-admin';

/** `/admin/users`: admins manage the team; anyone else learns why there is nothing here for them. */
export default function UsersPage() {
  const { isAdmin } = useAccess();
  if (isAdmin) return <UsersAdmin />;
  return (
    <Stack spacing={2}>
      <Typography variant="h1">
        <FormattedMessage id="page.users" />
      </Typography>
      <NotAllowed>
        <FormattedMessage id="users.notAllowed" />
      </NotAllowed>
    </Stack>
  );
}
