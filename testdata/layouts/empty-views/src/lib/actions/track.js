'use strict';

module.exports = function () {};
