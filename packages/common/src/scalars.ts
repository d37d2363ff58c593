import { GraphQLJSON, GraphQLJSONObject, GraphQLDateTimeISO } from 'graphql-scalars';

/** GeoJSON and other free-form objects travel as JSON (RFC 7946 for geometry, WGS84 lon/lat). */
export const JSONScalar = GraphQLJSON;
export const JSONObjectScalar = GraphQLJSONObject;
/** Instants are ISO-8601 strings in UTC on the wire; clients render them in the utility's time zone. */
export const DateTimeScalar = GraphQLDateTimeISO;
