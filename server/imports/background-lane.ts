import type { MarketoApi } from '../marketo/types';

/** The Marketo client with lookups in the background lane: the write screen of an import is no one's wait. */
export function inBackground(marketo: MarketoApi): MarketoApi {
  return {
    getPartitions: () => marketo.getPartitions(),
    describeLeads: () => marketo.describeLeads(),
    syncLeads: (request) => marketo.syncLeads({ ...request, priority: 'background' }),
    syncLeadsTraced: (request) => marketo.syncLeadsTraced({ ...request, priority: 'background' }),
    getLeadById: (id, fields) => marketo.getLeadById(id, fields),
    getLeadsByFilter: (filterType, values, fields) =>
      marketo.getLeadsByFilter(filterType, values, fields, { priority: 'background' }),
    updateLeadPartition: (moves) => marketo.updateLeadPartition(moves),
    updateLeadPartitionTraced: (moves) =>
      marketo.updateLeadPartitionTraced(moves, { priority: 'background' }),
    getUsageToday: () => marketo.getUsageToday(),
    getActivityTypes: () => marketo.getActivityTypes(),
    getLeadActivities: (query) => marketo.getLeadActivities(query),
    rateBudget: () => marketo.rateBudget(),
  };
}
