"""Reading ``/metrics``: the Prometheus text parsed, one sample's value by name and labels."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

# The scraper's bearer token in the metrics tests (never to appear in an answer or a log).
METRICS_TOKEN = "mEtr1cs-" + "Qa7Lp3" * 4


class Scraped:
    """One scrape's text and its samples."""

    def __init__(self, text: str):
        self.text = text
        self.samples = [
            sample for family in text_string_to_metric_families(text) for sample in family.samples
        ]

    def value(self, name: str, **labels: str) -> float:
        """The sample's value; 0 when there is none (a counter not yet incremented)."""
        found = self.find(name, **labels)
        return 0.0 if found is None else found

    def find(self, name: str, **labels: str) -> float | None:
        for sample in self.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                return sample.value
        return None

    def count(self, name: str) -> int:
        """How many samples of that name the scrape holds (duplicates would be wrong)."""
        return sum(1 for sample in self.samples if sample.name == name)
