'use strict';

// Runs once when the library loads.
var window = require('@adobe/reactor-window');
var loadScript = require('@adobe/reactor-load-script');
var format = require('./helpers/format');

window.extpackWebFull = { loadedAt: format.timestamp(new Date()) };
loadScript(turbine.getHostedLibFileUrl('vendor-sdk.js'));
