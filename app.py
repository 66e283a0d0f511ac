"""Serve the kratom-qa chat UI: settings -> Assistant -> Gradio UI -> launch (localhost by default)."""

import argparse

from assistant.settings import Settings, apply_privacy_environment


def main() -> None:
    parser = argparse.ArgumentParser(description="kratom-qa chat UI")
    parser.add_argument("--host", help="bind address (default 127.0.0.1, or KQA_HOST)")
    parser.add_argument("--port", type=int, help="port (default 7860, or KQA_PORT)")
    args = parser.parse_args()
    settings = Settings(**{k: v for k, v in (("host", args.host), ("port", args.port)) if v})
    apply_privacy_environment(settings)
    from assistant.chat import Assistant
    from assistant.ui import build_ui

    ui = build_ui(Assistant(settings), settings)
    ui.queue(default_concurrency_limit=4, max_size=64).launch(
        server_name=settings.host, server_port=settings.port, share=False, show_api=True
    )


if __name__ == "__main__":
    main()
