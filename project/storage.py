"""Static files for production: hashed names, compressed, served by WhiteNoise."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's manifest storage, forgiving references to files nobody ships.

    viewflow's copy of roboto-fontface refers in its CSS to font files (Roboto-Thin.woff2
    and others) that the package does not include, so the strict storage fails
    ``collectstatic`` and with it every production build. Such a reference is kept as
    it is written (the browser falls back to another weight); every file that exists
    still gets its hashed, compressed name.
    """

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if content is not None:  # a file that exists but could not be hashed
                raise
            return name
