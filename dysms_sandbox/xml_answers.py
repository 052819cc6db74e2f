"""``Format=XML``: the service's answers written in XML, as V1 callers may ask.

The RPC gateway answers a V1 request in the ``Format`` it names, and in XML when it names
none; V3 requests (and the official SDKs) always get JSON. The XML is the JSON answer
written element by element, as the API pages show it:

* a success or a business error (HTTP 200) under ``<{Action}Response>``; a gateway error
  (4xx, 5xx) under ``<Error>``;
* an object's keys as child elements in order; a list as the element repeated under its
  key's name (``SmsSendDetailDTOs`` holds one ``<SmsSendDetailDTO>`` per record, a plain
  array such as ``SmsTemplateList`` gives one ``<SmsTemplateList>`` per template);
* numbers as digits, booleans as ``true``/``false``.

Answers that are not the service's JSON (a load balancer's HTML page, a cut-off body) are
left as they are: no gateway rewrites them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

from dysms_sandbox.answers import JSON_CONTENT_TYPE, SandboxResponse
from dysms_sandbox.verification import form_params

XML_CONTENT_TYPE = "text/xml;charset=utf-8"
DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>"


def xml_root(method: str, url: str, headers: Mapping[str, str], body: bytes) -> str | None:
    """``"{Action}Response"`` when the request asks for XML, ``None`` for JSON.

    Read before the request is verified, so that its errors come in the format it asked
    for too. A ``Format`` that is neither JSON nor XML is answered (with its error) in JSON.
    """
    lowered = {name.lower(): str(value) for name, value in headers.items()}
    if lowered.get("authorization", "").startswith("ACS3-"):
        return None
    params = {**dict(parse_qsl(urlsplit(url).query)), **form_params(lowered, body)}
    if (params.get("Format") or "XML").upper() != "XML":
        return None
    return f"{params.get('Action', '')}Response"


def as_xml(response: SandboxResponse, root: str) -> SandboxResponse:
    """The same answer in XML (``root`` for HTTP 200, ``Error`` otherwise)."""
    if not response.headers.get("Content-Type", "").startswith(JSON_CONTENT_TYPE):
        return response
    element = ElementTree.Element(root if response.status == 200 else "Error")
    _fill(element, response.json())
    text = DECLARATION + ElementTree.tostring(element, encoding="unicode")
    headers = {**response.headers, "Content-Type": XML_CONTENT_TYPE}
    return dataclasses.replace(response, headers=headers, body=text.encode())


def _fill(element: ElementTree.Element, value: object) -> None:
    if isinstance(value, Mapping):
        for name, inner in value.items():
            for one in inner if isinstance(inner, list) else [inner]:
                _fill(ElementTree.SubElement(element, name), one)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
