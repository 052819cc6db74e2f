"""Our Dysmsapi client against the official SDK, both calling the standalone sandbox.

Prints CPU time and wall time per QuerySendDetails call (V3 signature, one page
of 50 records, keep-alive where the client allows it) and the ratios ours/SDK.
The sandbox runs in its own process, so CPU time is the client's alone.

    .venv/bin/python bench/client_vs_sdk.py [--calls 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alibabacloud_dysmsapi20170525 import models as sdk_models  # noqa: E402
from alibabacloud_dysmsapi20170525.client import Client as SdkClient  # noqa: E402
from alibabacloud_tea_openapi.models import Config  # noqa: E402

from bench.common import median, sandbox_process  # noqa: E402
from dysms.client import DysmsClient  # noqa: E402
from dysms.values import CHINA_TZ  # noqa: E402
from dysms_sandbox import (  # noqa: E402
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    DEMO_CREDENTIALS,  # noqa: E402
)

PHONE = "13800000999"


def measure(call, calls: int) -> tuple[float, float]:
    """Median wall seconds per call, and mean CPU seconds per call."""
    for _ in range(10):  # warm up: connections, imports, caches
        call()
    walls = []
    cpu_start = time.process_time()
    for _ in range(calls):
        start = time.perf_counter()
        call()
        walls.append(time.perf_counter() - start)
    return median(walls), (time.process_time() - cpu_start) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    day = datetime.now(CHINA_TZ).date() - timedelta(days=1)

    with sandbox_process() as endpoint:
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
            assert page.total_count >= 0

        def sdk_call():
            answer = sdk.query_send_details(request)
            assert answer.body.code == "OK", answer.body.code

        our_wall, our_cpu = measure(our_call, args.calls)
        sdk_wall, sdk_cpu = measure(sdk_call, args.calls)

    print(f"QuerySendDetails x {args.calls} against the standalone sandbox (V3, loopback)")
    print(f"{'':12}{'wall/call (median)':>20}{'CPU/call (mean)':>18}")
    print(f"{'ours':12}{our_wall * 1000:>17.2f} ms{our_cpu * 1000:>15.2f} ms")
    print(f"{'official SDK':12}{sdk_wall * 1000:>17.2f} ms{sdk_cpu * 1000:>15.2f} ms")
    print(f"ratio ours/SDK: wall {our_wall / sdk_wall:.2f}, CPU {our_cpu / sdk_cpu:.2f}")


if __name__ == "__main__":
    main()
