// New-connection applications (接水/报装), docs/domain.md "Processes beyond repairs (water)": a job of
// stages, each with its own clock. Stage names are also the clock kinds and compensation targets.

/** The stages in order: answer, site survey, design, fee, works, acceptance (flushing + water-quality report), meter test, supply contract, water on. */
export const CONNECTION_STAGES = ['answer', 'survey', 'design', 'fee', 'works', 'acceptance', 'meterTest', 'contract', 'waterOn'] as const;
export type ConnectionStage = (typeof CONNECTION_STAGES)[number];

export function isConnectionStage(v: string): v is ConnectionStage {
  return (CONNECTION_STAGES as readonly string[]).includes(v);
}
