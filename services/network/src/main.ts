import { runService } from '@mainline/common';
import { loadNetworkConfig } from './config';
import { startNetworkService } from './app';

runService('network', () => startNetworkService(loadNetworkConfig()));
