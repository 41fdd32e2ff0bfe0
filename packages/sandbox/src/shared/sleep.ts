/** Waits `ms`: injected latency (`faults.latencyMs`) before an emulator answers. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
