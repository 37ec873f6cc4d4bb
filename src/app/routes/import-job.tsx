import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link as RouterLink, useParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { ImportIdSchema } from '../../../server/contract/imports';
import { paths } from '../../config/paths';
import { ImportJobView } from '../../features/import/import-job-view';

/** `/imports/:id`: one import's progress and results; a deep link that survives a reload. */
export default function ImportJobPage() {
  const { id = '' } = useParams();
  const parsed = ImportIdSchema.safeParse(id);
  if (parsed.success) return <ImportJobView id={parsed.data} />;
  return (
    <Stack spacing={2}>
      <Typography variant="h1">
        <FormattedMessage id="importJob.notFound" />
      </Typography>
      <Typography>
        <FormattedMessage id="importJob.notFound.text" />
      </Typography>
      <Link component={RouterLink} to={paths.imports}>
        <FormattedMessage id="importJob.all" />
      </Link>
    </Stack>
  );
}
