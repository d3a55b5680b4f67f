'use strict';

var document = require('@adobe/reactor-document');

module.exports = function (settings) {
  var title = document.title || '';
  return settings.maxLength ? title.slice(0, settings.maxLength) : title;
};
