import type { MoveRowStatus, MoveState } from '../../../server/contract/moves';
import type { MessageId } from '../../i18n/message-ids';

export const moveStateWords: Record<MoveState, MessageId> = {
  resolving: 'bulkMove.state.resolving',
  previewed: 'bulkMove.state.previewed',
  running: 'bulkMove.state.running',
  cancelling: 'bulkMove.state.cancelling',
  cancelled: 'bulkMove.state.cancelled',
  completed: 'bulkMove.state.completed',
  failed: 'bulkMove.state.failed',
};

export const moveStatusWords: Record<MoveRowStatus, MessageId> = {
  unresolved: 'bulkMove.status.unresolved',
  invalid: 'bulkMove.status.invalid',
  duplicate: 'bulkMove.status.duplicate',
  not_found: 'bulkMove.status.not_found',
  ambiguous: 'bulkMove.status.ambiguous',
  in_target: 'bulkMove.status.in_target',
  ready: 'bulkMove.status.ready',
  pending: 'bulkMove.status.pending',
  moved: 'bulkMove.status.moved',
  skipped: 'bulkMove.status.skipped',
  failed: 'bulkMove.status.failed',
  cancelled: 'bulkMove.status.cancelled',
};

/** Statuses in the order the counts and the filter list them. */
export const MOVE_STATUSES = Object.keys(moveStatusWords) as MoveRowStatus[];
