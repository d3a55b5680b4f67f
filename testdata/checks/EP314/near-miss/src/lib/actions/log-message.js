'use strict';

var levels = require('./levels.json');

module.exports = function (settings) {
  turbine.logger.log(levels.prefix + settings.message);
};
