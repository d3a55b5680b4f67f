'use strict';
var Promise = require('@adobe/reactor-promise');
module.exports = function () { return Promise.resolve(); };
