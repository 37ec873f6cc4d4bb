import { DataGrid } from '@mui/x-data-grid';
import type { GridColDef } from '@mui/x-data-grid';
import type { Partition } from '../../../server/contract/partitions';
import { PartitionRowActions } from './partition-row-actions';

type Props = { partitions: Partition[]; onCopy: (partition: Partition) => void };

export function PartitionsGrid({ partitions, onCopy }: Props) {
  const columns: GridColDef<Partition>[] = [
    { field: 'id', headerName: 'Id', type: 'number', width: 90 },
    { field: 'name', headerName: 'Name', flex: 1, minWidth: 140 },
    { field: 'description', headerName: 'Description', flex: 2, minWidth: 200 },
    {
      field: 'actions',
      headerName: 'Actions',
      sortable: false,
      filterable: false,
      width: 230,
      renderCell: ({ row }) => <PartitionRowActions partition={row} onCopy={onCopy} />,
    },
  ];
  return (
    <DataGrid
      label="Partitions"
      rows={partitions}
      columns={columns}
      showToolbar
      autoHeight
      // Instances have tens of partitions at most; rendering them all keeps every row reachable by search tools.
      disableVirtualization
      disableRowSelectionOnClick
      initialState={{ sorting: { sortModel: [{ field: 'name', sort: 'asc' }] } }}
      pageSizeOptions={[25, 50, 100]}
      slotProps={{
        toolbar: { csvOptions: { disableToolbarButton: true }, printOptions: { disableToolbarButton: true } },
      }}
    />
  );
}
