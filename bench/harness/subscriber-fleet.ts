// Child process of the fan-out scenario (bench/scenarios/fan-out.ts): opens N graphql-ws connections, each subscribed to
// one job's syncProgress, and stamps the arrival of every event. Kept out of the API's
// process so the clients' work does not sit in the server's event loop.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

export type FleetStart = { url: string; key: string; jobId: string; subscribers: number };
export type FleetCollect = { type: 'collect'; lastSeq: number; waitMs: number };
export type FleetMessage =
  | { type: 'ready' }
  | { type: 'error'; message: string }
  /**
   * arrivals[s][seq] = epoch ms (sub-ms precision) when subscriber s got event `bench <seq>`;
   * dropped: subscribers whose socket closed or whose subscription ended before 'collect'.
   */
  | { type: 'arrivals'; arrivals: Record<number, number>[]; dropped: number };

const now = () => performance.timeOrigin + performance.now();
const send = (message: FleetMessage) => process.send?.(message);

process.once('message', (start: FleetStart) => {
  const arrivals: Record<number, number>[] = [];
  const clients: ReturnType<typeof createClient>[] = [];
  let ready = 0;
  // Set by 'collect': resolves once every subscriber has the last event (order is kept per
  // subscriber, so it then has everything it will ever get).
  let lastSeq: number | null = null;
  let finished = 0;
  let allFinished = () => {};
  let collecting = false;
  const droppedSubscribers = new Set<number>();
  for (let s = 0; s < start.subscribers; s++) {
    const got: Record<number, number> = {};
    arrivals.push(got);
    const client = createClient({
      url: `${start.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${start.key}` },
      onNonLazyError: (error) => send({ type: 'error', message: String(error) }),
      on: {
        closed: () => {
          if (!collecting) droppedSubscribers.add(s);
        },
      },
    });
    clients.push(client);
    let first = true;
    client.subscribe<{ syncProgress: { message: string | null } }>(
      {
        query: `subscription($j: ID!) { syncProgress(jobId: $j) {
          kind message at job { status progress { percent itemsProcessed } } } }`,
        variables: { j: start.jobId },
      },
      {
        next: (value) => {
          const at = now();
          if (first) {
            // The opening snapshot: this subscriber is live.
            first = false;
            if (++ready === start.subscribers) send({ type: 'ready' });
            return;
          }
          const match = /^bench (\d+)$/.exec(value.data?.syncProgress.message ?? '');
          if (!match) return;
          const seq = Number(match[1]);
          got[seq] = at;
          if (seq === lastSeq && ++finished === start.subscribers) allFinished();
        },
        error: (error) => {
          droppedSubscribers.add(s);
          send({ type: 'error', message: JSON.stringify(error) });
        },
        complete: () => {
          if (!collecting) droppedSubscribers.add(s);
        },
      },
    );
  }
  process.on('message', async (message: FleetCollect) => {
    if (message.type !== 'collect') return;
    lastSeq = message.lastSeq;
    finished = arrivals.filter((got) => got[message.lastSeq] !== undefined).length;
    if (finished < start.subscribers) {
      // A subscriber that lost the last event would never finish: give up after waitMs.
      await new Promise<void>((resolve) => {
        allFinished = resolve;
        setTimeout(resolve, message.waitMs);
      });
    }
    collecting = true;
    await Promise.all(clients.map((c) => c.dispose()));
    // Exit only once the (large) message has been handed to the parent.
    process.send?.(
      { type: 'arrivals', arrivals, dropped: droppedSubscribers.size } satisfies FleetMessage,
      () => process.exit(0),
    );
  });
});
