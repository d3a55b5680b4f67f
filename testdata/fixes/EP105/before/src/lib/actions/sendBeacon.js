'use strict';

module.exports = function (settings) {
  return settings;
};
