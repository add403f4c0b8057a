import { Client } from '@okta/okta-sdk-nodejs';

export const client = new Client({
  orgUrl: 'https://trial-2741337.okta.com/',
  token: '001I7XdrXwpqxHzw-kAzxUjr88kvZiWfnC-BFJ5pXS',
});
