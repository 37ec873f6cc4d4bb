import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { useAccess } from '../../api/use-access';
import { NotAllowed } from '../../components/feedback/not-allowed';
import { paths } from '../../config/paths';
import { MoveForm } from '../../features/move/move-form';
import { RecentMoves } from '../../features/move/recent-moves';

/** `/moves`: a list of lead ids or emails moved to one partition, previewed before anything moves. */
export default function MovesPage() {
  const { canWriteLeads } = useAccess();
  return (
    <Stack spacing={3}>
      <Typography variant="h1">
        <FormattedMessage id="page.moves" />
      </Typography>
      {canWriteLeads ? (
        <>
          <Typography color="text.secondary">
            <FormattedMessage id="bulkMove.intro" />
          </Typography>
          <MoveForm />
          <RecentMoves />
        </>
      ) : (
        <NotAllowed
          action={
            <Button component={Link} to={paths.leadLookup} color="inherit" size="small">
              <FormattedMessage id="common.lookUpLeads" />
            </Button>
          }
        >
          <FormattedMessage id="bulkMove.notAllowed" />
        </NotAllowed>
      )}
    </Stack>
  );
}
