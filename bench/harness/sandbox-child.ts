import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { sandboxAdmin } from '@tributary/sandbox';
import { assignRole } from './process-tree.ts';
import type { SandboxProcessMessage } from './sandbox-process.ts';

export type SandboxChild = Awaited<ReturnType<typeof startSandboxChild>>;

/** The sandbox in its own process (sandbox-process.ts), with its request log over IPC. */
export async function startSandboxChild() {
  const child = fork(join(import.meta.dirname, 'sandbox-process.ts'), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  assignRole(child.pid!, 'sandbox');
  const listening = await new Promise<Extract<SandboxProcessMessage, { type: 'listening' }>>(
    (resolve, reject) => {
      child.once('message', (message: SandboxProcessMessage) => {
        if (message.type === 'listening') resolve(message);
      });
      child.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before listening`)));
    },
  );
  const ask = (type: 'clear' | 'requests') =>
    new Promise<Extract<SandboxProcessMessage, { type: 'requests' }>>((resolve) => {
      const onMessage = (message: SandboxProcessMessage) => {
        if (message.type !== 'requests') return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.send({ type });
    });
  return {
    pid: child.pid!,
    url: listening.url,
    providers: listening.providers as Record<
      'FACEBOOK_ADS' | 'FACEBOOK_PAGES' | 'MICROSOFT_MAIL',
      string
    >,
    admin: sandboxAdmin(listening.url),
    /** Forgets the requests logged so far (resolves once the sandbox has). */
    clearRequests: async () => {
      await ask('clear');
    },
    /** Every provider request since the last clear, in order of completion. */
    requests: async () => (await ask('requests')).requests,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}
