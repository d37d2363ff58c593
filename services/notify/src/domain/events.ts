// The outage event contract lives in @mainline/common (the network service publishes it).
export * from '@mainline/common/src/events/outage-events';
