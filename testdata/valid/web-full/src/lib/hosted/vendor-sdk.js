(function (window) {
  'use strict';
  window.vendorSdk = window.vendorSdk || { queue: [], push: function (cmd) { this.queue.push(cmd); } };
})(window);
