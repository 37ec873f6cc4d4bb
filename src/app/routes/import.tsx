import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link, useSearchParams } from 'react-router';
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
      <Typography variant="h1">Import leads</Typography>
      {canWriteLeads ? (
        <>
          <Typography color="text.secondary">
            Bring a CSV file of leads into one partition. Every row is checked before anything is sent to
            Marketo.
          </Typography>
          <ImportWizard initialPartition={search.get('partition') ?? ''} />
          <RecentImports />
        </>
      ) : (
        <NotAllowed
          action={
            <Button component={Link} to={paths.leadLookup} color="inherit" size="small">
              Look up leads
            </Button>
          }
        >
          You can&apos;t import leads: your account can look leads up but not change them. Ask an admin if you
          need to import.
        </NotAllowed>
      )}
    </Stack>
  );
}
