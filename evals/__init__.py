"""The eval suite: datasets, metrics and the report behind `kratom-qa eval`."""

from evals.metrics import Score
from evals.records import ItemResult
from evals.summary import Check, check, load_thresholds, summarise

__all__ = ["Check", "ItemResult", "Score", "check", "load_thresholds", "summarise"]
