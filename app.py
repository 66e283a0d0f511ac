"""Serve the kratom-qa chat UI: settings -> Assistant -> Gradio UI -> launch (localhost by default)."""

import argparse
import logging
import sys
import threading

from core.settings import Settings, apply_privacy_environment
from frontends.serving import AuthError, parse_auth


def main() -> int:
    parser = argparse.ArgumentParser(description="kratom-qa chat UI")
    parser.add_argument("--host", help="bind address (default 127.0.0.1, or KQA_HOST)")
    parser.add_argument("--port", type=int, help="port (default 7860, or KQA_PORT)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings(**{k: v for k, v in (("host", args.host), ("port", args.port)) if v})
        credentials = parse_auth(settings.auth)
    except (AuthError, ValueError) as exc:  # pydantic's ValidationError is a ValueError naming the KQA_ variable
        print(f"kratom-qa: bad settings: {exc}", file=sys.stderr)
        return 2
    apply_privacy_environment(settings)
    from assistant.chat import Assistant
    from frontends.ui import build_ui, launch

    assistant = Assistant(settings)
    demo = build_ui(assistant, settings)
    # The index loads while the server starts: the page is served as soon as it can be, and the
    # first question waits only for what is left of the load.
    threading.Thread(target=_load_index, args=(assistant,), name="load-index", daemon=True).start()
    launch(demo, settings, credentials)
    return 0


def _load_index(assistant) -> None:
    from ingest import StoreUnavailable

    try:
        assistant.retriever()
    except StoreUnavailable as exc:  # each question retries and says so; here it is only logged
        logging.getLogger("app").warning("index not loaded at start: %s", exc)


if __name__ == "__main__":
    sys.exit(main())
