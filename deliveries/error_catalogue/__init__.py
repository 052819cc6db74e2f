"""What each delivery and API error code means, in words support staff can read to a customer.

Data only; ``deliveries.explanations`` does the lookup. Split by where a code comes from:
``receipts`` (Alibaba Cloud's receipt codes), ``carrier`` (raw carrier codes and their prefixes)
and ``api`` (gateway and Dysmsapi answers). Shared advice lives in ``base``.
"""

from deliveries.error_catalogue.api import API_CODES, API_PATTERNS
from deliveries.error_catalogue.base import Category, Entry
from deliveries.error_catalogue.carrier import CARRIER_CODES, CARRIER_PREFIXES
from deliveries.error_catalogue.receipts import RECEIPT_CODES

CODES: dict[str, Entry] = {**API_CODES, **RECEIPT_CODES, **CARRIER_CODES}

__all__ = [
    "API_CODES",
    "API_PATTERNS",
    "CARRIER_CODES",
    "CARRIER_PREFIXES",
    "CODES",
    "RECEIPT_CODES",
    "Category",
    "Entry",
]
