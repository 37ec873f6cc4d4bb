import { useMemo, useState } from 'react';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { FormattedMessage } from 'react-intl';
import { LeadIdTextSchema } from '../../../server/contract/leads';
import { partitionQueries } from '../../api/partitions';
import { useAccess } from '../../api/use-access';
import { LoadingBlock } from '../../components/feedback/loading-block';
import { NotAllowed } from '../../components/feedback/not-allowed';
import { paths } from '../../config/paths';
import { EditLeadForm } from '../../features/lead-form/edit-lead-form';
import { LeadForm } from '../../features/lead-form/lead-form';
import { createDefaults } from '../../features/lead-form/lead-form-values';
import type { MoveLeadRequest } from '../../features/lead-form/lead-results';
import { MoveLeadDialog } from '../../features/lead-move/move-lead-dialog';

/** `/leads/new?partition=Mexico` creates; `/leads/new?mode=update&id=N` edits lead N. */
export default function LeadNewPage() {
  const [search] = useSearchParams();
  const partition = search.get('partition') ?? '';
  const editId =
    search.get('mode') === 'update' ? LeadIdTextSchema.safeParse(search.get('id') ?? '') : undefined;
  const partitions = useQuery(partitionQueries.list());
  // A user granted one partition has nothing to choose, as in the import wizard. The list holds only the
  // partitions the user may see, so one entry is the user's only one.
  const onlyPartition = partitions.data?.length === 1 ? partitions.data[0]?.name : undefined;
  const createValues = useMemo(
    () => createDefaults(partition || (onlyPartition ?? '')),
    [partition, onlyPartition],
  );
  const [move, setMove] = useState<MoveLeadRequest | null>(null);
  const { canWriteLeads } = useAccess();

  return (
    <>
      <Typography variant="h1" sx={{ mb: 3 }}>
        {editId?.success ? (
          <FormattedMessage id="leadNew.editTitle" values={{ id: editId.data }} />
        ) : (
          <FormattedMessage id="page.leadNew" />
        )}
      </Typography>
      {!canWriteLeads ? (
        <NotAllowed
          action={
            <Button component={Link} to={paths.leadLookup} color="inherit" size="small">
              <FormattedMessage id="common.lookUpLeads" />
            </Button>
          }
        >
          <FormattedMessage id="leadNew.notAllowed" />
        </NotAllowed>
      ) : editId?.success ? (
        <EditLeadForm id={editId.data} onMoveLead={setMove} />
      ) : partitions.isPending && partition === '' ? (
        // New values would reset the form, so it waits for the list that decides its partition.
        <LoadingBlock label="loading.partitions" />
      ) : (
        <LeadForm values={createValues} onMoveLead={setMove} />
      )}
      {move && (
        <MoveLeadDialog leadId={move.leadId} initialTarget={move.toPartition} onClose={() => setMove(null)} />
      )}
    </>
  );
}
