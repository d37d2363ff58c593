import { createLogger, runService } from '@mainline/common';
import { loadGatewayConfig } from './config';
import { startGateway } from './server';

runService('gateway', async () => {
  const cfg = loadGatewayConfig();
  const log = createLogger('gateway', cfg.LOG_LEVEL);
  return startGateway(cfg, log);
});
