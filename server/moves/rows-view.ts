// A bulk move's rows as the API and the download show them: partition names instead of ids, an ambiguous email's
// candidates, and the reason of a row not moved.
import type { MoveRow } from '../contract/moves';
import { partitionName } from '../leads/written-partitions';
import type { MarketoPartition } from '../marketo/types';
import type { MoveRowRecord } from '../store/moves-repo';

export function toMoveRow(row: MoveRowRecord, partitions: readonly MarketoPartition[]): MoveRow {
  return {
    row: row.row,
    value: row.value,
    status: row.status,
    ...(row.leadId === null ? {} : { leadId: row.leadId }),
    ...(row.fromPartitionId === null ? {} : { from: partitionName(partitions, row.fromPartitionId) }),
    ...(row.toName === null ? {} : { to: row.toName }),
    ...(row.reasonCode === null
      ? {}
      : { reason: { code: row.reasonCode, message: row.reasonMessage ?? '' } }),
    ...(row.candidates === null
      ? {}
      : {
          candidates: row.candidates.map((candidate) => ({
            id: candidate.id,
            partition: partitionName(partitions, candidate.partitionId),
          })),
        }),
  };
}
