export function StatCard({
  label,
  value,
  testId,
}: {
  label: string;
  value: string;
  testId?: string;
}) {
  return (
    <div className="card stat">
      <span className="stat__label">{label}</span>
      <span className="stat__value num" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}
