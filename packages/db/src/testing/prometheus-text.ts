/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: every
 * line must be a HELP or TYPE comment or a sample `name{labels} value`; anything else throws.
 * Returns each sample's value keyed by `name{labels}` exactly as written, plus declared types.
 */
export function parsePrometheusText(text: string): {
  samples: Map<string, number>;
  types: Map<string, string>;
} {
  const samples = new Map<string, number>();
  const types = new Map<string, string>();
  const name = '[a-zA-Z_:][a-zA-Z0-9_:]*';
  const label = '[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\.)*"';
  const sample = new RegExp(
    `^(${name}(?:\\{(?:${label}(?:,${label})*,?)?\\})?) (-?(?:[0-9]+(?:\\.[0-9]*)?(?:e[+-]?[0-9]+)?|NaN|\\+Inf|-Inf))( -?[0-9]+)?$`,
    'i',
  );
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = new RegExp(`^# TYPE (${name}) (counter|gauge|histogram|summary|untyped)$`).exec(
      line,
    );
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (new RegExp(`^# HELP ${name} `).test(line)) continue;
    const match = sample.exec(line);
    if (!match) throw new Error(`not Prometheus text: ${JSON.stringify(line)}`);
    samples.set(match[1]!, Number(match[2]!.replace('+Inf', 'Infinity')));
  }
  return { samples, types };
}
