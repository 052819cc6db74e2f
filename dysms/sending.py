"""One prepared request through the client's ``requests.Session``, as the official SDK sends it.

``Session.request`` reads the environment afresh on every call: it walks the whole of
``os.environ`` twice for proxy settings, looks for a ``~/.netrc`` (three ``stat`` calls) and
merges every session setting through generic helpers. On a 50-record call that was about a
third of our process's CPU, more than reading the answer. The official SDK builds its
``PreparedRequest`` itself and calls ``Session.send``; so does ``send_prepared``, with these
differences from ``Session.request``, all deliberate:

* What requests takes from the environment (``HTTP(S)_PROXY``, ``ALL_PROXY``, ``NO_PROXY``,
  ``REQUESTS_CA_BUNDLE``, ``CURL_CA_BUNDLE``), merged with the session's ``proxies``,
  ``verify``, ``cert`` and ``stream``, is requests' own ``merge_environment_settings`` result,
  kept until one of those session settings changes. A process's environment is set before it
  starts; changed later, it is not seen (httpx, likewise, reads it once per client).
* ``~/.netrc`` is never read: its Basic credentials would replace the V3 ``Authorization``
  header (V1 would send them beside the signature).
* A session given ``auth``, ``params`` or cookies (none of ours is) goes through
  ``Session.request`` unchanged, so those keep requests' exact merging rules.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

USER_AGENT = "smsadmin-dysms/1.0"


class EnvironmentSettings:
    """``session.merge_environment_settings(url, ...)`` for one endpoint, computed when needed.

    One per client (its one endpoint). Threads share it: the cached pair is replaced in one
    assignment, so a reader sees an old or a new pair, never half of each.
    """

    def __init__(self, url: str):
        self.url = url
        self._cached: tuple[object, dict[str, Any]] | None = None

    def of(self, session: requests.Session) -> dict[str, Any]:
        key: object = (
            session.trust_env,
            tuple(session.proxies.items()),
            session.verify,
            session.cert,
            session.stream,
        )
        cached = self._cached
        if cached is None or cached[0] != key:
            merged = session.merge_environment_settings(self.url, {}, None, None, None)
            cached = self._cached = (key, dict(merged))
        settings = cached[1]
        # A fresh proxies mapping per call, as requests makes: nothing downstream shares it.
        return {**settings, "proxies": dict(settings["proxies"])}


def send_prepared(
    session: requests.Session,
    method: str,
    url: str,
    headers: dict[str, str],
    *,
    timeout: tuple[float, float],
    environment: EnvironmentSettings,
) -> requests.Response:
    """``session.request(method, url, headers=headers, timeout=timeout)``, without its per-call
    environment scan (see the module's docstring for the exact differences)."""
    if session.auth or session.params or session.cookies:
        return session.request(method, url, headers=headers, timeout=timeout)
    merged = CaseInsensitiveDict(session.headers)
    merged.update(headers)
    for name in [name for name, value in merged.items() if value is None]:
        del merged[name]  # a header set to None on the session means "do not send it"
    prepared = requests.PreparedRequest()
    prepared.prepare(method=method, url=url, headers=merged, hooks=session.hooks)
    return session.send(prepared, timeout=timeout, allow_redirects=True, **environment.of(session))


def new_session(endpoint: str, *, pool_size: int) -> requests.Session:
    """The client's one session: ``pool_size`` connections kept, the environment read once.

    A connection beyond the pool is closed after its call ("Connection pool is full,
    discarding connection") and the next call opens a new one (a TCP and TLS handshake), so
    the pool holds as many as the client has calls in flight (``core.clients`` sizes it).
    Proxies and the CA bundle are read from the environment once per session state, not on
    every call (``dysms.sending``).
    """
    session = requests.Session()
    session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
    adapter = HTTPAdapter(pool_maxsize=max(pool_size, 1))
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
