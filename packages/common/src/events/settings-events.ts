// Settings one service owns and another needs (docs/conventions.md §13: a rule lives once). The tickets service
// owns the heating season (setHeatingSeason, its SLA clocks read it on every report); notify needs it to decide
// whether a heat stop falls in the season, when the heating authority must be told (docs/domain.md "Heating utility").
// Published through the tickets outbox on topic settings.events, key = the setting's name, so the compacted topic
// keeps the latest value of each.

export interface HeatingSeason {
  /** Local dates in the utility's zone, YYYY-MM-DD, both inclusive. */
  startsOn: string;
  endsOn: string;
}

export interface HeatingSeasonsSetEvent {
  type: 'settings.heating-seasons';
  eventId: string;
  occurredAt: string;
  /** Every season the utility has set (years differ; each a closed date range), in order of start. */
  seasons: HeatingSeason[];
}

export type SettingsEvent = HeatingSeasonsSetEvent;

/** Kafka key of the heating-season setting on settings.events. */
export const HEATING_SEASONS_KEY = 'heating-seasons';
