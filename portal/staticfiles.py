"""Static files in production: hashed names (so browsers may keep them for a year),
compressed copies, and hashed names inside JavaScript modules too: `app.mjs` imports the
NHS.UK frontend, and without this its `import ... from "/static/nhsuk/..."` would fetch the
unhashed file, which browsers may only keep for a short time."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django rewrites imports in *.js files only; our modules are *.mjs.
        self._patterns["*.mjs"] = self._patterns["*.js"]
