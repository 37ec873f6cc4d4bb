import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { FormattedMessage, useIntl } from 'react-intl';
import { ActivityActionSchema } from '../../../server/contract/activity';
import { partitionQueries } from '../../api/partitions';
import { FormSelect } from '../../components/form/form-select';
import { FormTextField } from '../../components/form/form-text-field';
import { activityActionWords } from '../../lib/activity-words';
import type { ActivityUrlFilters } from './activity-url';

type Props = { filters: ActivityUrlFilters; onApply: (filters: ActivityUrlFilters) => void };

const empty: ActivityUrlFilters = { user: '', partition: '', action: '', from: '', to: '' };
// An empty choice shows its words rather than a blank box.
const emptyChoice = { select: { displayEmpty: true }, inputLabel: { shrink: true } };
const dateLabel = { inputLabel: { shrink: true } };

/** The filters of the activity page; applying them puts them in the URL, which the page reads. */
export function ActivityFiltersForm({ filters, onApply }: Props) {
  const intl = useIntl();
  const partitions = useQuery(partitionQueries.list());
  const actionOptions = [
    { value: '', label: intl.formatMessage({ id: 'activity.anyAction' }) },
    ...ActivityActionSchema.options.map((action) => ({
      value: action,
      label: intl.formatMessage({ id: activityActionWords[action] }),
    })),
  ];
  // `values` follows the URL, e.g. after Back; edits stay local until applied.
  const { control, handleSubmit } = useForm<ActivityUrlFilters>({ values: filters });
  const names = (partitions.data ?? []).map((partition) => partition.name);
  if (filters.partition && !names.includes(filters.partition)) names.push(filters.partition);
  const partitionOptions = [
    { value: '', label: intl.formatMessage({ id: 'activity.anyPartition' }) },
    ...names.map((name) => ({ value: name, label: name })),
  ];
  return (
    <Stack
      component="form"
      role="search"
      aria-label={intl.formatMessage({ id: 'activity.filters' })}
      noValidate
      direction="row"
      useFlexGap
      spacing={2}
      sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}
      onSubmit={(event) => void handleSubmit(onApply)(event)}
    >
      <FormTextField
        control={control}
        name="user"
        label={intl.formatMessage({ id: 'activity.userEmail' })}
        sx={{ width: 220 }}
      />
      <FormSelect
        control={control}
        name="partition"
        label={intl.formatMessage({ id: 'activity.partition' })}
        options={partitionOptions}
        slotProps={emptyChoice}
        sx={{ width: 180 }}
      />
      <FormSelect
        control={control}
        name="action"
        label={intl.formatMessage({ id: 'activity.action' })}
        options={actionOptions}
        slotProps={emptyChoice}
        sx={{ width: 220 }}
      />
      <FormTextField
        control={control}
        name="from"
        label={intl.formatMessage({ id: 'activity.from' })}
        type="date"
        slotProps={dateLabel}
        sx={{ width: 170 }}
      />
      <FormTextField
        control={control}
        name="to"
        label={intl.formatMessage({ id: 'activity.to' })}
        type="date"
        slotProps={dateLabel}
        sx={{ width: 170 }}
      />
      <Stack direction="row" spacing={1}>
        <Button type="submit" variant="contained">
          <FormattedMessage id="activity.applyFilters" />
        </Button>
        <Button onClick={() => onApply(empty)}>
          <FormattedMessage id="activity.clearFilters" />
        </Button>
      </Stack>
    </Stack>
  );
}
