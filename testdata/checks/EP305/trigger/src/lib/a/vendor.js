window.vendor = {};
