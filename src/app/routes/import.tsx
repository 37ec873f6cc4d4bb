import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link, useSearchParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { useAccess } from '../../api/use-access';
import { NotAllowed } from '../../components/feedback/not-allowed';
import { paths } from '../../config/paths';
import { ImportWizard } from '../../features/import/import-wizard';
import { RecentImports } from '../../features/import/recent-imports';

/** `/imports?partition=Mexico`: bulk import of a CSV file into one partition, and the recent imports. */
export default function ImportPage() {
  const [search] = useSearchParams();
  const { canWriteLeads } = useAccess();
  return (
    <Stack spacing={3}>
      <Typography variant="h1">
        <FormattedMessage id="page.imports" />
      </Typography>
      {canWriteLeads ? (
        <>
          <Typography color="text.secondary">
            <FormattedMessage id="import.intro" />
          </Typography>
          <ImportWizard initialPartition={search.get('partition') ?? ''} />
          <RecentImports />
        </>
      ) : (
        <NotAllowed
          action={
            <Button component={Link} to={paths.leadLookup} color="inherit" size="small">
              <FormattedMessage id="common.lookUpLeads" />
            </Button>
          }
        >
          <FormattedMessage id="import.notAllowed" />
        </NotAllowed>
      )}
    </Stack>
  );
}
