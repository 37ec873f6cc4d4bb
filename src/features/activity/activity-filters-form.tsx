import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useQuery } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
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

const actionOptions = [
  { value: '', label: 'Any action' },
  ...ActivityActionSchema.options.map((action) => ({ value: action, label: activityActionWords[action] })),
];

/** The filters of the activity page; applying them puts them in the URL, which the page reads. */
export function ActivityFiltersForm({ filters, onApply }: Props) {
  const partitions = useQuery(partitionQueries.list());
  // `values` follows the URL, e.g. after Back; edits stay local until applied.
  const { control, handleSubmit } = useForm<ActivityUrlFilters>({ values: filters });
  const names = (partitions.data ?? []).map((partition) => partition.name);
  if (filters.partition && !names.includes(filters.partition)) names.push(filters.partition);
  const partitionOptions = [
    { value: '', label: 'Any partition' },
    ...names.map((name) => ({ value: name, label: name })),
  ];
  return (
    <Stack
      component="form"
      role="search"
      aria-label="Activity filters"
      noValidate
      direction="row"
      useFlexGap
      spacing={2}
      sx={{ flexWrap: 'wrap', alignItems: 'flex-start' }}
      onSubmit={(event) => void handleSubmit(onApply)(event)}
    >
      <FormTextField control={control} name="user" label="User email" sx={{ width: 220 }} />
      <FormSelect
        control={control}
        name="partition"
        label="Partition"
        options={partitionOptions}
        slotProps={emptyChoice}
        sx={{ width: 180 }}
      />
      <FormSelect
        control={control}
        name="action"
        label="Action"
        options={actionOptions}
        slotProps={emptyChoice}
        sx={{ width: 220 }}
      />
      <FormTextField
        control={control}
        name="from"
        label="From"
        type="date"
        slotProps={dateLabel}
        sx={{ width: 170 }}
      />
      <FormTextField
        control={control}
        name="to"
        label="To"
        type="date"
        slotProps={dateLabel}
        sx={{ width: 170 }}
      />
      <Stack direction="row" spacing={1}>
        <Button type="submit" variant="contained">
          Apply filters
        </Button>
        <Button onClick={() => onApply(empty)}>Clear filters</Button>
      </Stack>
    </Stack>
  );
}
