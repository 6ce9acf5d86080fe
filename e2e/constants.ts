/** The token the e2e web host is started with (LAYERLAB_TOKEN), so tests can open the app signed in. */
export const E2E_TOKEN = 'e2e0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab';
