import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink } from 'react-router';
import { FormattedMessage, useIntl } from 'react-intl';
import { moveQueries } from '../../api/moves';
import { moveJobHref } from '../../config/paths';
import { LocalTime } from '../../i18n/formatted';
import { MoveSection } from './move-section';
import { moveStateWords } from './move-words';

/** The latest moves (the user's own; every one for a user granted all partitions), each linked to its page. */
export function RecentMoves() {
  const intl = useIntl();
  const { data: jobs = [] } = useQuery(moveQueries.list());
  if (jobs.length === 0) return null;
  return (
    <MoveSection title={intl.formatMessage({ id: 'bulkMove.recent' })}>
      <List dense aria-label={intl.formatMessage({ id: 'bulkMove.recent' })}>
        {jobs.map((job) => (
          <ListItem key={job.id} disableGutters>
            <Typography>
              <Link component={RouterLink} to={moveJobHref(job.id)}>
                <FormattedMessage
                  id={
                    job.undoOf === null && job.undoOfEntry === null ? 'bulkMove.title' : 'bulkMove.title.undo'
                  }
                  values={{ target: job.target }}
                />
              </Link>{' '}
              <FormattedMessage
                id="bulkMove.recent.item"
                values={{
                  total: job.total,
                  state: intl.formatMessage({ id: moveStateWords[job.state] }),
                  time: <LocalTime iso={job.createdAt} />,
                  email: job.user.email,
                }}
              />
            </Typography>
          </ListItem>
        ))}
      </List>
    </MoveSection>
  );
}
