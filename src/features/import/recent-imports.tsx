import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { importQueries } from '../../api/imports';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { importJobHref } from '../../config/paths';
import { formatLocalTime } from '../../lib/format-time';
import { ImportSection } from './import-section';
import { ImportStateChip } from './import-state-chip';

/** The imports this user may see, newest first, each opening its job page. */
export function RecentImports() {
  const intl = useIntl();
  const { data: jobs, error, refetch } = useQuery(importQueries.list());
  return (
    <ImportSection title={intl.formatMessage({ id: 'import.recent' })}>
      {jobs === undefined ? (
        error ? (
          <ApiErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <LoadingBlock label="loading.recentImports" rows={2} />
        )
      ) : jobs.length === 0 ? (
        <Typography color="text.secondary">
          <FormattedMessage id="import.recent.none" />
        </Typography>
      ) : (
        <Paper>
          <List aria-label={intl.formatMessage({ id: 'import.recent' })} disablePadding>
            {jobs.map((job) => (
              <ListItem
                key={job.id}
                disablePadding
                divider
                secondaryAction={<ImportStateChip state={job.state} />}
              >
                <ListItemButton component={Link} to={importJobHref(job.id)} sx={{ pr: 14 }}>
                  <ListItemText
                    primary={job.fileName}
                    secondary={intl.formatMessage(
                      { id: 'import.recent.item' },
                      {
                        count: job.counts.total,
                        partition: job.partitionName,
                        time: formatLocalTime(intl, job.createdAt),
                        email: job.user.email,
                      },
                    )}
                    slotProps={{
                      primary: { sx: { overflowWrap: 'anywhere' } },
                      secondary: { sx: { overflowWrap: 'anywhere' } },
                    }}
                  />
                </ListItemButton>
              </ListItem>
            ))}
          </List>
        </Paper>
      )}
    </ImportSection>
  );
}
