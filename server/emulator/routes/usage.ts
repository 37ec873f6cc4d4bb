// `GET /rest/v1/stats/usage.json`: today's counted calls (US Central day), all made by the one API user.
import type { RestRequest, RestResult } from '../rest-request';

export function dailyUsage(req: RestRequest): RestResult {
  const { day, total } = req.state.limits.usageToday();
  // The docs' sample sends a plain date (`"2015-10-17"`), although the spec declares `date-time`.
  return {
    result: [
      { date: day, total, users: total > 0 ? [{ userId: req.state.config.apiUserEmail, count: total }] : [] },
    ],
  };
}
