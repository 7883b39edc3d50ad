// CommonJS entry (`require('kpi-wasm')` in node): the same API as js/node.mjs, over the same
// nodejs bindings; `pkg/api.cjs` is js/api.js as CommonJS (build.sh writes it).
'use strict';

const raw = require('../pkg/node/kpi_wasm.js');
const { makeApi, KpiError } = require('../pkg/api.cjs');

/** Nothing to wait for in node; exists for code shared with the web entry. */
async function init() {}

module.exports = { ...makeApi(raw), KpiError, init, default: init };
