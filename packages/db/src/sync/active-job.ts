/**
 * Which of a connection's unfinished jobs is "the" active one. An INITIAL or FULL_RESYNC sync
 * creates its RECENT and HISTORICAL phases in one transaction, so both share `created_at`;
 * the one that matters is the phase actually running, else the head of the phase chain (the
 * waiting HISTORICAL has a previous phase, RECENT has none). For an ORDER BY over alias `j`.
 */
export const ACTIVE_JOB_ORDER =
  "(j.status = 'PENDING'), (j.previous_phase_id IS NOT NULL), j.created_at, j.id";
