import { runService } from '@mainline/common';
import { loadNotifyServiceConfig } from './config';
import { startNotifyService } from './app';

runService('notify', () => startNotifyService(loadNotifyServiceConfig()));
