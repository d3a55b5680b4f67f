'use strict';

module.exports = function (settings) {
  turbine.logger.log(settings.message);
};
