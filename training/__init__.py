"""Training library: recorded sessions with captions, learning records, self-assessment,
certificates and impact (issue 6). Not an installed app yet: these modules are the
self-contained pieces the app will be built on."""
