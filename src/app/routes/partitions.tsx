import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { useAccess } from '../../api/use-access';
import { newLeadHref } from '../../config/paths';
import { PartitionsTable } from '../../features/partitions/partitions-table';
import { RefreshPartitionsButton } from '../../features/partitions/refresh-partitions-button';

export default function PartitionsPage() {
  const { canWriteLeads } = useAccess();
  return (
    <>
      <Stack direction="row" sx={{ mb: 2, alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="h1">
          <FormattedMessage id="page.partitions" />
        </Typography>
        <Stack direction="row" spacing={1}>
          <RefreshPartitionsButton />
          {canWriteLeads && (
            <Button component={Link} to={newLeadHref()} variant="contained">
              <FormattedMessage id="partitions.newLead" />
            </Button>
          )}
        </Stack>
      </Stack>
      <PartitionsTable />
    </>
  );
}
