import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAccess } from '../../api/use-access';
import { NotAllowed } from '../../components/feedback/not-allowed';
import { UsersAdmin } from '../../features/users/users-admin';

/** `/admin/users`: admins manage the team; anyone else learns why there is nothing here for them. */
export default function UsersPage() {
  const { isAdmin } = useAccess();
  if (isAdmin) return <UsersAdmin />;
  return (
    <Stack spacing={2}>
      <Typography variant="h1">Users</Typography>
      <NotAllowed>Only admins can manage users. Ask an admin if your access needs to change.</NotAllowed>
    </Stack>
  );
}
