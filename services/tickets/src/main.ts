import { runService } from '@mainline/common';
import { loadTicketsConfig } from './config';
import { startTicketsService } from './app';

runService('tickets', () => startTicketsService(loadTicketsConfig()));
