// Integration and e2e tests start real processes and talk to real servers.
jest.setTimeout(Number(process.env.SLOW_TEST_TIMEOUT_MS ?? 300000));
