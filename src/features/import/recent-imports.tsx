import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useIntl } from 'react-intl';
import { importQueries } from '../../api/imports';
import { ApiErrorAlert } from '../../components/feedback/api-error-alert';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { importJobHref } from '../../config/paths';
import { formatLocalTime } from '../../lib/format-time';
import { ImportSection } from './import-section';
import { ImportStateChip } from './import-state-chip';
import { rowsWords } from './import-words';

/** The imports this user may see, newest first, each opening its job page. */
export function RecentImports() {
  const intl = useIntl();
  const { data: jobs, error, refetch } = useQuery(importQueries.list());
  return (
    <ImportSection title="Recent imports">
      {jobs === undefined ? (
        error ? (
          <ApiErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <LoadingBlock label="loading.recentImports" rows={2} />
        )
      ) : jobs.length === 0 ? (
        <Typography color="text.secondary">No imports yet.</Typography>
      ) : (
        <Paper>
          <List aria-label="Recent imports" disablePadding>
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
                    secondary={`${rowsWords(job.counts.total)} into ${job.partitionName} · ${formatLocalTime(intl, job.createdAt)} · ${job.user.email}`}
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
