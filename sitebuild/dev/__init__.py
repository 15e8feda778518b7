"""Only for development: the live preview, the static server, the browser the tests drive, and
throw-away project copies. Nothing here is part of what a build produces."""
