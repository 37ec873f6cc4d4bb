import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { MoveIdSchema } from '../../../server/contract/moves';
import { paths } from '../../config/paths';
import { MoveJobView } from '../../features/move/move-job-view';

/** `/moves/:id`: one bulk move's preview, progress and results; a deep link that survives a reload. */
export default function MoveJobPage() {
  const { id = '' } = useParams();
  const parsed = MoveIdSchema.safeParse(id);
  if (parsed.success) return <MoveJobView id={parsed.data} />;
  return (
    <Stack spacing={2}>
      <Typography variant="h1">
        <FormattedMessage id="bulkMove.notFound" />
      </Typography>
      <Link component={RouterLink} to={paths.moves}>
        <FormattedMessage id="bulkMove.new" />
      </Link>
    </Stack>
  );
}
