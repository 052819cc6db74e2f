"""Incidents in the sandbox's traffic, for watching an alert fire and recover (no Django).

``manage.py dysms_sandbox_incident`` writes them into a small JSON file in a state directory;
the traffic loop (``dysms_sandbox_traffic``) reads the file on every tick and hands the
incidents to ``dysms_sandbox.pushes.receipts_between``, which then pushes:

* ``degrade``: every send of the template (every template without one) made during the
  incident fails (``UNDELIV``);
* ``pump``: a burst of sends to invented numbers starting with the prefix, one every
  ``PUMP_EVERY`` seconds, each with its receipt a few seconds later;
* ``silence``: no receipt comes during the incident; those held come at its end, late.

Only the pushes change: a search of a number (QuerySendDetails) and the statistics still show
the sandbox's usual records.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from dysms.values import CHINA_TZ
from dysms_sandbox.traffic import seed

DEGRADE, PUMP, SILENCE = "degrade", "pump", "silence"
KINDS = (DEGRADE, PUMP, SILENCE)
FILE_NAME = "incidents.json"
DEGRADED_CODE = "UNDELIV"
PUMP_EVERY = 3
PUMP_RECEIPT_DELAY = 4
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Incident:
    kind: str
    start: datetime
    end: datetime
    account: str = ""
    template: str = ""
    prefix: str = ""

    def covers(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def degrades(self, moment: datetime, template: str) -> bool:
        matches = not self.template or self.template == template
        return self.kind == DEGRADE and matches and self.covers(moment)


def incidents_read(directory: str | Path) -> tuple[Incident, ...]:
    """The incidents in the state directory; none when there is no file or it is unreadable."""
    try:
        rows = json.loads((Path(directory) / FILE_NAME).read_text())
        return tuple(_incident(row) for row in rows)
    except (OSError, ValueError, TypeError, KeyError):
        return ()


def incidents_write(directory: str | Path, incidents: Iterable[Incident]) -> None:
    """Replace the file at once (a reader never sees half of it)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {**asdict(one), "start": one.start.isoformat(), "end": one.end.isoformat()}
        for one in incidents
    ]
    handle, name = tempfile.mkstemp(dir=folder, prefix=".incidents-")
    with os.fdopen(handle, "w") as written:
        json.dump(rows, written, indent=1)
    os.replace(name, folder / FILE_NAME)


def incidents_ended(incidents: Sequence[Incident], now: datetime) -> tuple[Incident, ...]:
    """The same, every one still going on ending ``now``; those over long ago dropped."""
    kept = [one for one in incidents if one.end > now - timedelta(days=1)]
    return tuple(replace(one, end=min(one.end, now)) for one in kept)


def _incident(row: dict[str, str]) -> Incident:
    return Incident(
        kind=row["kind"],
        start=datetime.fromisoformat(row["start"]),
        end=datetime.fromisoformat(row["end"]),
        account=row.get("account", ""),
        template=row.get("template", ""),
        prefix=row.get("prefix", ""),
    )


def held_until(incidents: Sequence[Incident], came: datetime) -> datetime:
    """When a receipt due at ``came`` arrives: at the end of a silence it falls in."""
    for one in incidents:
        if one.kind == SILENCE and one.covers(came):
            return one.end
    return came


def pump_items(
    incidents: Sequence[Incident], start: datetime, end: datetime
) -> list[tuple[datetime, dict[str, object]]]:
    """The pumped sends' receipts that come in ``[start, end)``, with their arrival times."""
    due = []
    for one in incidents:
        if one.kind != PUMP:
            continue
        count = int((one.end - one.start).total_seconds()) // PUMP_EVERY
        for n in range(count):
            sent = one.start + timedelta(seconds=n * PUMP_EVERY)
            came = sent + timedelta(seconds=PUMP_RECEIPT_DELAY)
            if start <= came < end:
                due.append((came, _pumped(one, n, sent, came)))
    return due


def _pumped(incident: Incident, n: int, sent: datetime, came: datetime) -> dict[str, object]:
    draw = seed("pump", incident.prefix, incident.start.isoformat(), str(n))
    digits = 11 - len(incident.prefix) if len(incident.prefix) < 11 else 4
    phone = f"{incident.prefix}{draw % 10**digits:0{digits}d}"
    return {
        "phone_number": phone,
        "send_time": sent.astimezone(CHINA_TZ).strftime(TIME_FORMAT),
        "report_time": came.astimezone(CHINA_TZ).strftime(TIME_FORMAT),
        "success": True,
        "err_code": "DELIVERED",
        "err_msg": "用户接收成功",
        "sms_size": "1",
        "biz_id": f"{10**17 + draw % (9 * 10**17)}^0",
        "out_id": "",
    }
