"""How often each API may be called: Alibaba Cloud's flow control, per account.

The figures are the service's published flow-control table for Dysmsapi 2017-05-25 (calls per
second, region ``*``). The quota belongs to the Alibaba Cloud account: every AccessKey and RAM
user of one account shares it, so two processes of this dashboard on one account share it too
(each client limits only its own calls). Past it the service answers ``Throttling.User``
(HTTP 400), which the client retries after a backoff.

``QuerySmsSignList`` is missing from that table; it gets the figure of its sibling list API,
``QuerySmsTemplateList``, so that a client which keeps to it is safe either way.

The client limits itself to these (``DysmsClient.rate_limits``) and the sandbox enforces them
(``dysms_sandbox.flow_control``): one table, so the two cannot drift apart.
"""

from __future__ import annotations

CALLS_PER_SECOND: dict[str, int] = {
    "QuerySendDetails": 5000,
    "QuerySendStatistics": 20,
    "QuerySmsTemplateList": 10,
    "QuerySmsSignList": 10,
    "GetSmsTemplate": 1000,
}
