// The stages of a new-connection application (docs/domain.md "Processes beyond repairs (water)"), in
// order. Their names are also the clock kinds and compensation targets (LATE_REPLY is the answer's).

/** answer, site survey, design, fee, works, acceptance (flushing + water-quality report), meter test, supply contract, water on. */
export const CONNECTION_STAGES = ['answer', 'survey', 'design', 'fee', 'works', 'acceptance', 'meterTest', 'contract', 'waterOn'] as const;
export type ConnectionStage = (typeof CONNECTION_STAGES)[number];

export function isConnectionStage(v: string): v is ConnectionStage {
  return (CONNECTION_STAGES as readonly string[]).includes(v);
}
