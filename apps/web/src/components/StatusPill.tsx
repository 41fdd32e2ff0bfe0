type Props = { tone: 'ok' | 'warn' | 'error' | 'info' | 'muted'; children: string };

export function StatusPill({ tone, children }: Props) {
  return <span className={`pill pill--${tone}`}>{children}</span>;
}
