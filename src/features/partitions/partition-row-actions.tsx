import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import ContentCopyOutlined from '@mui/icons-material/ContentCopyOutlined';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Partition } from '../../../server/contract/partitions';
import { useAccess } from '../../api/use-access';
import { newLeadHref } from '../../config/paths';

type Props = { partition: Partition; onCopy: (partition: Partition) => void };

export function PartitionRowActions({ partition, onCopy }: Props) {
  const intl = useIntl();
  const { canWriteLeads } = useAccess();
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
      {canWriteLeads && (
        <Button
          component={Link}
          to={newLeadHref({ partition: partition.name })}
          size="small"
          aria-label={intl.formatMessage({ id: 'partitions.createHereIn' }, { partition: partition.name })}
        >
          <FormattedMessage id="partitions.createHere" />
        </Button>
      )}
      <Tooltip title={intl.formatMessage({ id: 'partitions.copyId' })}>
        <IconButton
          size="small"
          aria-label={intl.formatMessage({ id: 'partitions.copyIdOf' }, { partition: partition.name })}
          onClick={() => onCopy(partition)}
        >
          <ContentCopyOutlined fontSize="small" />
        </IconButton>
      </Tooltip>
    </Stack>
  );
}
