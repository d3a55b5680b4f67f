'use strict';

const config = require('./shared/config.js');

module.exports = { userAgent: config.userAgent };
