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
      {/* Wraps on a phone, where a translation's longer button labels do not fit beside the heading. */}
      <Stack
        direction="row"
        useFlexGap
        sx={{ mb: 2, gap: 1, alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}
      >
        <Typography variant="h1">
          <FormattedMessage id="page.partitions" />
        </Typography>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
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
