// The agents of a comparison document as the panel lists them: winners (paid more under the
// edited policy) largest difference first, losers largest first, the unchanged counted. Run
// in the worker, so that a month of 50,000 agents sends the page only the rows it shows.
// Differences are the core's decimal strings, ordered exactly (never as floats).

import { compareDecimal } from './format.js';

const gross = (agent) => agent.difference?.slip?.gross ?? '0';
const byId = (x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** `{winners, losers, counts: {winners, losers, same}}`, at most `listed` agents a side. */
export function pricedAgents(agents, listed) {
  const winners = agents.filter((a) => compareDecimal(gross(a), '0') > 0)
    .sort((x, y) => compareDecimal(gross(y), gross(x)) || byId(x, y));
  const losers = agents.filter((a) => compareDecimal(gross(a), '0') < 0)
    .sort((x, y) => compareDecimal(gross(x), gross(y)) || byId(x, y));
  return {
    winners: winners.slice(0, listed),
    losers: losers.slice(0, listed),
    counts: { winners: winners.length, losers: losers.length, same: agents.length - winners.length - losers.length },
  };
}
