import { FormattedMessage, useIntl } from 'react-intl';
import type { Lead } from '../../../server/contract/leads';
import type { Partition } from '../../../server/contract/partitions';
import { partitionNameById } from '../../api/partitions';

type Props = { partition: Lead['partition']; partitions: Partition[] | undefined };

/** "Mexico (id 2)": the name comes from the cached partitions list, as Marketo's guide suggests. */
export function PartitionLabel({ partition, partitions }: Props) {
  const intl = useIntl();
  const name =
    partitionNameById(partitions, partition.id) ??
    partition.name ??
    intl.formatMessage({ id: 'lead.unknownPartition' });
  return <FormattedMessage id="lead.partitionLabel" values={{ name, id: partition.id }} />;
}
