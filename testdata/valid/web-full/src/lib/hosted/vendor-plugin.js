(function (window) {
  'use strict';
  if (window.vendorSdk) {
    window.vendorSdk.push({ plugin: 'scroll-depth' });
  }
})(window);
