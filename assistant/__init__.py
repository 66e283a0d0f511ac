"""kratom-qa: cited answers about kratom and chronic pain from a vetted library."""

from core.settings import Settings
from core.vocabulary import Citation, Message, Response

__all__ = ["Citation", "Message", "Response", "Settings"]
