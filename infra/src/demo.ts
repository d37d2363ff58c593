// Demo data for `npm start`, loaded through the gateway like any client would.
export async function loadDemoData(_gatewayUrl: string, _token: string): Promise<string> {
  return 'none yet';
}
