/** A range of whole UTC days, both ends inclusive, as `YYYY-MM-DD`. */
export type DayRange = { from: string; to: string };

const DAY_MS = 24 * 3600 * 1000;
const day = (date: Date) => date.toISOString().slice(0, 10);

/** The last 7 days, today included. */
export function defaultRange(now: Date): DayRange {
  return { from: day(new Date(now.getTime() - 6 * DAY_MS)), to: day(now) };
}

/** The API's bounds: `from` inclusive, `to` exclusive (the day after the last day). */
export function queryBounds(range: DayRange): { from: string; to: string } {
  return {
    from: `${range.from}T00:00:00.000Z`,
    to: new Date(new Date(`${range.to}T00:00:00.000Z`).getTime() + DAY_MS).toISOString(),
  };
}
