"""gunicorn's access log without the receipt token (``logger_class`` in gunicorn.conf.py)."""

from gunicorn.glogging import Logger

from core.redaction import redact

# Atoms of the access-log format that can carry the request path.
_PATH_ATOMS = ("r", "U", "f")


class TokenRedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in _PATH_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
