import http from 'k6/http';
import { check } from 'k6';

export const options = { vus: 5, duration: '30s' };

export default function () {
  const res = http.get('https://dev-4815162.oktapreview.com/api/v1/users/me', {
    headers: { Authorization: 'SSWS 00won8OC11j8iR8kkjTw7nlqnwrMFJVAKBxJDj5vtQ' },
  });
  check(res, { 'status 200': (r) => r.status === 200 });
}
