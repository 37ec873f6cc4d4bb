import { useState } from 'react';
import { useParams } from 'react-router';
import { LeadIdTextSchema } from '../../../server/contract/leads';
import { LeadDetails, NoLead } from '../../features/lead-lookup/lead-details';
import type { MoveTarget } from '../../features/lead-lookup/lead-details';
import { MoveLeadDialog } from '../../features/lead-move/move-lead-dialog';

/** `/leads/:id`, a deep link to one lead. */
export default function LeadDetailPage() {
  const { id = '' } = useParams();
  const parsed = LeadIdTextSchema.safeParse(id);
  const [moving, setMoving] = useState<MoveTarget | null>(null);
  if (!parsed.success) return <NoLead id={id} />;
  return (
    <>
      <LeadDetails id={parsed.data} onMove={setMoving} />
      {moving && (
        <MoveLeadDialog
          leadId={moving.leadId}
          currentPartition={moving.currentPartition}
          onClose={() => setMoving(null)}
        />
      )}
    </>
  );
}
