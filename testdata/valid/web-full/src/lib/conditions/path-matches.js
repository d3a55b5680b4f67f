'use strict';

var document = require('@adobe/reactor-document');
var format = require('../helpers/format');

module.exports = function (settings) {
  var path = document.location.pathname;
  turbine.logger.debug(format.label('pathCheck') + ': ' + path);
  return new RegExp(settings.pattern).test(path);
};
