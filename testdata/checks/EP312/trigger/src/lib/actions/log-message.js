'use strict';

module.exports = function (settings) {
  var payload = { message: settings.message,, level: 'info' };
  turbine.logger.log(payload.message);
};
