import { useState } from 'react';

/**
 * Leads ticked one by one (kept across pages), or every row matching the current filter (the server reads those,
 * so the selection is not limited to what the browser has loaded). A new `scope` (another filter, another
 * search) starts an empty selection: "all matching" means the filter it was chosen under.
 */
export interface LeadSelection {
  ids: ReadonlySet<number>;
  allMatching: boolean;
  toggle: (id: number) => void;
  /** Ticks or unticks every id given (a page's "select all"). */
  setMany: (ids: readonly number[], selected: boolean) => void;
  selectAllMatching: () => void;
  clear: () => void;
}

interface State {
  scope: string;
  ids: ReadonlySet<number>;
  allMatching: boolean;
}

export function useLeadSelection(scope: string): LeadSelection {
  const empty: State = { scope, ids: new Set(), allMatching: false };
  const [stored, setStored] = useState<State>(empty);
  const state = stored.scope === scope ? stored : empty;
  const update = (change: (current: State) => State) =>
    setStored((previous) => change(previous.scope === scope ? previous : { ...empty }));
  return {
    ids: state.ids,
    allMatching: state.allMatching,
    toggle: (id) =>
      update((current) => {
        const ids = new Set(current.ids);
        if (!ids.delete(id)) ids.add(id);
        return { scope, ids, allMatching: false };
      }),
    setMany: (many, selected) =>
      update((current) => {
        const ids = new Set(current.ids);
        for (const id of many) {
          if (selected) ids.add(id);
          else ids.delete(id);
        }
        return { scope, ids, allMatching: false };
      }),
    selectAllMatching: () => update(() => ({ scope, ids: new Set(), allMatching: true })),
    clear: () => update(() => ({ ...empty })),
  };
}
