"""``/api/v1/stats``: the delivery-rates page as JSON, from the same form and the same answer
(``rates.answers.stats_answer``): the period's days, totals, the previous period compared, the
template breakdown, where and why delivery fails and how fast receipts come (from the receipts,
or the stored records without them), today by the hour, what it costs, and what went wrong
upstream (the numbers are then the stored ones).

Like the page, a call is not in the audit trail: statistics name no person (the page audits
its exports only, which the API does not offer).
"""

from __future__ import annotations

from django.utils import timezone
from ninja import Query, Router

from access.roles import RATES
from api.errors import InvalidParameters, forbid_unless
from api.parameters import StatsParameters, form_errors
from api.present import stats_answer_json
from api.schemas import Error, FieldErrors, StatsAnswer
from rates.answers import stats_answer
from rates.forms import StatsForm

router = Router(tags=["stats"])


@router.get(
    "/stats",
    response={200: StatsAnswer, 401: Error, 403: Error, 422: FieldErrors, 429: Error},
    url_name="stats",
)
def stats(request, parameters: Query[StatsParameters]):
    """Daily statistics (QuerySendStatistics) of a period, as the delivery-rates page shows
    them; by default the last 7 days, domestic, every template type."""
    forbid_unless(request, RATES)
    form = StatsForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        raise InvalidParameters(form_errors(form))
    return stats_answer_json(stats_answer(form=form), today=form.today)
