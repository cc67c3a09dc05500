export { createLocalAuth, LocalAuthError, LOCAL_AUDIENCE, LOCAL_ISSUER, type ApiGatewayClaims, type LocalAuth, type LocalAuthOptions } from './local-auth';
export { generateStoredKey, keyFile, loadOrCreateKey, type StoredKey } from './keys';
export { DEMO_USERS, DemoUser, findUser } from './users';
export { DEMO_CHECK_IN_CODE, DEMO_DURESS_CODE, demoDuressCodes } from './demo-duress';
