'use strict';

var window = require('@adobe/reactor-window');
var Promise = require('@adobe/reactor-promise');
var util = require('../shared/util.js');

module.exports = function (settings, trigger) {
  var loaded = new Promise(function (resolve) {
    if (window.document.readyState === 'complete') {
      resolve();
    } else {
      window.addEventListener('load', resolve);
    }
  });
  loaded.then(function () {
    return util.delay(settings.delay || 0);
  }).then(function () {
    trigger({});
  });
};
