"""Our Dysmsapi client against the official SDK, both calling the standalone sandbox.

Prints CPU time and wall time per QuerySendDetails call (V3 signature, one page
of 50 records, keep-alive where the client allows it) and the ratios ours/SDK.
The sandbox runs in its own process, so CPU time (``time.process_time``) is the
client's alone. The two are measured interleaved: ``--rounds`` rounds, each a
block of our calls and a block of the SDK's, the order swapped every round, so
that a neighbour's load on a shared machine falls on both alike.

    .venv/bin/python bench/client_vs_sdk.py [--calls 300] [--rounds 10] [--code DIR]

``--code`` measures another checkout's client and sandbox (e.g. the code before
a change, ``--code /work/wt/before``); the SDK is the one installed either way.
``--only ours|sdk`` makes just that client's calls (and the warm-up), for counts
that do not depend on the machine's load: under ``valgrind --tool=callgrind``,
the difference of ``--calls 220`` and ``--calls 20`` over 200 is the client's
instructions per call (the sandbox's process is not traced).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

PHONE = "13800000999"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per client, in all")
    parser.add_argument("--rounds", type=int, default=10, help="interleaved blocks per client")
    parser.add_argument(
        "--code",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="the checkout whose dysms client and sandbox to measure (default: this one)",
    )
    parser.add_argument("--only", choices=("ours", "sdk"), help="make only this client's calls")
    return parser.parse_args()


def block(call, calls: int, walls: list[float]) -> float:
    """CPU seconds for ``calls`` calls; each call's wall time appended to ``walls``."""
    cpu_start = time.process_time()
    for _ in range(calls):
        start = time.perf_counter()
        call()
        walls.append(time.perf_counter() - start)
    return time.process_time() - cpu_start


def interleaved(ours, sdk, calls: int, rounds: int) -> dict[str, list[float]]:
    """Per-call walls and per-round CPU of both, the order swapped every round."""
    for _ in range(10):  # warm up: connections, imports, caches
        ours()
        sdk()
    per_round = max(1, calls // rounds)
    measured: dict[str, list[float]] = {"ours wall": [], "sdk wall": [], "ours": [], "sdk": []}
    for index in range(rounds):
        order = (("ours", ours), ("sdk", sdk)) if index % 2 == 0 else (("sdk", sdk), ("ours", ours))
        for name, call in order:
            measured[name].append(block(call, per_round, measured[f"{name} wall"]) / per_round)
    return measured


def main() -> None:
    args = parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from bench.common import sandbox_process

    with sandbox_process() as endpoint:
        our_call, sdk_call = calls_to(endpoint)
        if args.only:
            call = our_call if args.only == "ours" else sdk_call
            for _ in range(10):
                call()
            cpu = block(call, args.calls, []) / args.calls
            print(f"{args.only}: {args.calls} calls, CPU/call {cpu * 1000:.2f} ms")
            return
        measured = interleaved(our_call, sdk_call, args.calls, args.rounds)
    report(measured, args)


def calls_to(endpoint: str):
    """One QuerySendDetails call (50 records of yesterday) by each client, as functions."""
    from alibabacloud_dysmsapi20170525 import models as sdk_models
    from alibabacloud_dysmsapi20170525.client import Client as SdkClient
    from alibabacloud_tea_openapi.models import Config

    from dysms.client import DysmsClient
    from dysms.values import CHINA_TZ
    from dysms_sandbox import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_CREDENTIALS

    day = datetime.now(CHINA_TZ).date() - timedelta(days=1)
    ours = DysmsClient(DEMO_CREDENTIALS, endpoint=endpoint, signature_version="v3")
    sdk = SdkClient(
        Config(
            access_key_id=DEMO_ACCESS_KEY_ID,
            access_key_secret=DEMO_ACCESS_KEY_SECRET,
            endpoint=endpoint.removeprefix("http://"),
            protocol="http",
        )
    )
    request = sdk_models.QuerySendDetailsRequest(
        phone_number=PHONE, send_date=day.strftime("%Y%m%d"), page_size=50, current_page=1
    )

    def our_call():
        page = ours.query_send_details(PHONE, day, page=1, page_size=50)
        assert len(page.records) == 50, len(page.records)

    def sdk_call():
        answer = sdk.query_send_details(request)
        assert answer.body.code == "OK", answer.body.code
        assert len(answer.body.sms_send_detail_dtos.sms_send_detail_dto) == 50

    return our_call, sdk_call


def report(measured: dict[str, list[float]], args: argparse.Namespace) -> None:
    our_wall = statistics.median(measured["ours wall"])
    sdk_wall = statistics.median(measured["sdk wall"])
    our_cpu = statistics.fmean(measured["ours"])
    sdk_cpu = statistics.fmean(measured["sdk"])
    round_ratios = [ours / sdk for ours, sdk in zip(measured["ours"], measured["sdk"], strict=True)]
    calls = len(measured["ours wall"])
    print(
        f"QuerySendDetails x {calls} per client against the standalone sandbox "
        f"(V3, loopback, {args.rounds} interleaved rounds; code: {args.code})"
    )
    print(f"{'':12}{'wall/call (median)':>20}{'CPU/call (mean)':>18}")
    print(f"{'ours':12}{our_wall * 1000:>17.2f} ms{our_cpu * 1000:>15.2f} ms")
    print(f"{'official SDK':12}{sdk_wall * 1000:>17.2f} ms{sdk_cpu * 1000:>15.2f} ms")
    print(
        f"ratio ours/SDK: wall {our_wall / sdk_wall:.2f}, CPU {our_cpu / sdk_cpu:.2f} "
        f"(CPU per round: median {statistics.median(round_ratios):.2f}, "
        f"range {min(round_ratios):.2f}-{max(round_ratios):.2f})"
    )


if __name__ == "__main__":
    main()
