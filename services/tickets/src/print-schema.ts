// Prints this subgraph's SDL (used by `npm run compose`).
import 'reflect-metadata';
import { buildFederatedSchema } from '@mainline/common';
import { schemaOptions } from './schema';

buildFederatedSchema(schemaOptions).then(({ sdl }) => process.stdout.write(sdl));
