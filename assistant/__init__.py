"""kratom-qa: cited answers about kratom and chronic pain from a vetted library."""

from assistant.settings import Settings
from assistant.types import Citation, Message, Response

__all__ = ["Citation", "Message", "Response", "Settings"]
