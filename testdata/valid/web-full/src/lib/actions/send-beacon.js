'use strict';

var window = require('@adobe/reactor-window');
var format = require('../helpers/format.js');

module.exports = function (settings, event) {
  var payload = settings.buildPayload ? settings.buildPayload(event) : {};
  payload.sentAt = format.timestamp(new Date());
  window.navigator.sendBeacon(settings.endpoint, JSON.stringify(payload));
  turbine.logger.log(format.label('beacon'));
};
