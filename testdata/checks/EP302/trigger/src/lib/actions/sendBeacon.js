'use strict';
var debounce = require('lodash/debounce');
module.exports = debounce(function () {}, 10);
