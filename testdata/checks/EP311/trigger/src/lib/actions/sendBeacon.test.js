// a test file: never reported
