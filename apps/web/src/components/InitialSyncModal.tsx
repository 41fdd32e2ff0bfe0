import { useEffect, useRef, useState } from 'react';
import { useSubscription } from 'urql';
import type {
  SyncProgressSubscription,
  SyncProgressSubscriptionVariables,
} from '../generated/graphql.ts';
import type { SyncJob } from '../graphql/results.ts';
import { SYNC_PROGRESS_SUBSCRIPTION } from '../graphql/subscriptions.ts';
import { useActivity } from '../lib/activity.tsx';
import { formatApproxDuration, formatPercent } from '../lib/format.ts';
import { jobPercent } from '../lib/job-percent.ts';
import { jobTone } from '../lib/labels.ts';
import { routePath } from '../lib/router.ts';
import { ErrorExplanation } from './ErrorExplanation.tsx';
import { Link } from './Link.tsx';
import { Modal } from './Modal.tsx';
import { ProgressBar } from './ProgressBar.tsx';
import { ProgressCounts } from './ProgressCounts.tsx';

/** How long the success message stays before the modal closes itself. */
const CLOSE_AFTER_MS = 2500;

/** Phase 1 of a new connection, live: progress, activity, counts, ETA; closes on success. */
export function InitialSyncModal({ job: initial, onClose }: { job: SyncJob; onClose: () => void }) {
  const { jobs } = useActivity();
  const [own] = useSubscription<
    SyncProgressSubscription,
    SyncProgressSubscription,
    SyncProgressSubscriptionVariables
  >({
    query: SYNC_PROGRESS_SUBSCRIPTION,
    variables: { jobId: initial.id },
  });
  // Either stream may be ahead; both carry the whole job.
  const candidates = [own.data?.syncProgress.job, jobs.get(initial.id), initial].filter(
    (job): job is SyncJob => Boolean(job),
  );
  const job = candidates.reduce((best, next) =>
    rank(next) > rank(best) ||
    (rank(next) === rank(best) && next.progress.percent > best.progress.percent)
      ? next
      : best,
  );
  const succeeded = job.status === 'SUCCEEDED';
  const failed =
    job.status === 'FAILED' || job.status === 'COMPLETED_WITH_ERRORS' || job.status === 'CANCELLED';
  const [closing, setClosing] = useState(false);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    if (!succeeded) return;
    setClosing(true);
    const timer = setTimeout(() => closeRef.current(), CLOSE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [succeeded]);

  const { progress } = job;
  // Phase 2's time, once phase 1 has succeeded (the API projects it from phase 1's pace).
  const next = job.nextPhase ? jobs.get(job.nextPhase.id) : undefined;
  const history = next?.progress.etaSeconds != null ? next : undefined;
  return (
    <Modal title={`Syncing ${job.connection.displayName}`} onClose={onClose}>
      <div className="initial-sync" data-testid="initial-sync" data-status={job.status}>
        <p className="muted">Phase 1: the last 90 days, so your recent data is ready first.</p>
        <div className="initial-sync__bar">
          <ProgressBar
            percent={jobPercent(job)}
            label="Initial sync progress"
            tone={jobTone(job.status)}
          />
          <span className="num initial-sync__percent" data-testid="initial-sync-percent">
            {formatPercent(jobPercent(job))}
          </span>
        </div>
        <p className="activity-line" aria-live="polite">
          <span className="activity-line__what">{progress.currentActivity ?? 'Preparing…'}</span>
          <span className="activity-line__item">{progress.currentItemLabel ?? ''}</span>
        </p>
        <ProgressCounts progress={progress} showEta={!succeeded && !failed} />
        {succeeded && (
          <p className="success-note" role="status">
            Your recent data is ready. History is syncing in the background.
            {history && (
              <span className="success-note__eta" data-testid="history-eta">
                {' '}
                History: {formatApproxDuration(history.progress.etaSeconds)}.
              </span>
            )}
          </p>
        )}
        {failed && (
          <div
            role={job.status === 'CANCELLED' ? 'status' : 'alert'}
            className={job.status === 'CANCELLED' ? 'neutral-note' : 'error-note'}
          >
            <p>
              {job.status === 'CANCELLED'
                ? 'The sync was cancelled.'
                : 'The sync did not finish cleanly.'}
            </p>
            {job.status !== 'CANCELLED' && (
              <ErrorExplanation message={job.error} provider={job.connection.provider} />
            )}
            <Link href={routePath({ name: 'job', id: job.id })} onClick={onClose}>
              Open the job to see what happened
            </Link>
          </div>
        )}
        {!closing && (
          <div className="form__actions">
            <button type="button" className="button button--ghost" onClick={onClose}>
              {failed ? 'Close' : 'Continue in the background'}
            </button>
          </div>
        )}
      </div>
    </Modal>
  );
}

/** Later states win over earlier ones when two sources disagree. */
function rank(job: SyncJob): number {
  return job.status === 'PENDING' ? 0 : job.status === 'RUNNING' ? 1 : 2;
}
