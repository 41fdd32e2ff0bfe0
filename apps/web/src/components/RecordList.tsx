import { useState } from 'react';
import type { SyncRecord } from '../graphql/results.ts';
import { formatDateTime } from '../lib/format.ts';
import { JsonView } from './JsonView.tsx';

/** Records as rows; each expands to its JSON. */
export function RecordList({ records }: { records: SyncRecord[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (records.length === 0) return <p className="muted">No records in this stream yet.</p>;
  return (
    <ul className="records" aria-label="Records">
      {records.map((record) => {
        const expanded = open === record.id;
        const panelId = `record-${record.id}`;
        return (
          <li key={record.id} className="records__item" data-testid="record-row">
            <button
              type="button"
              className="records__toggle"
              aria-expanded={expanded}
              aria-controls={panelId}
              onClick={() => setOpen(expanded ? null : record.id)}
            >
              <span className="records__id">{record.externalId}</span>
              <span className="records__summary muted">{summarize(record.data)}</span>
              <span className="num small muted">{formatDateTime(record.modifiedAt)}</span>
              {record.deletedAt && <span className="pill pill--muted">deleted</span>}
            </button>
            {expanded && (
              <div id={panelId}>
                <JsonView value={record.data} label={`JSON of record ${record.externalId}`} />
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** A human-ish one-liner: the first name-like field of the record. */
function summarize(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const fields = data as Record<string, unknown>;
  for (const key of [
    'name',
    'subject',
    'displayName',
    'message',
    'snippet',
    'campaign_name',
    'date_start',
  ]) {
    const value = fields[key];
    if (typeof value === 'string' && value)
      return value.length > 80 ? `${value.slice(0, 79)}…` : value;
  }
  return '';
}
