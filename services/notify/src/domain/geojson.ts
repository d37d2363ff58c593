export * from '@mainline/common/src/events/geojson';
