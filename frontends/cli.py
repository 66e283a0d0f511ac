"""The `kratom-qa` command: ingest, ask, corpus, bench."""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from pathlib import Path
from typing import cast

from core.settings import Settings, apply_privacy_environment

EXIT_OK, EXIT_DEFECT, EXIT_ERROR = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kratom-qa", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and decisions")
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="build or refresh the index from the vetted corpus")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument("--wait", type=float, default=0.0, help="seconds to wait for a running ingest")

    ask = sub.add_parser("ask", help="ask a question (or a batch with --jsonl)")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--jsonl", metavar="FILE", help="JSONL batch file, or - for stdin")
    ask.add_argument("--json", action="store_true", help="print the Response as JSON")

    corpus = sub.add_parser("corpus", help="manage the vetted corpus")
    csub = corpus.add_subparsers(dest="corpus_command", required=True)
    csub.add_parser("verify", help="check the manifest; exit 1 on any defect")
    coverage = csub.add_parser("coverage", help="print or --write the coverage table in corpus/README.md")
    coverage.add_argument("--write", action="store_true")
    coverage.add_argument("--check", action="store_true", help="exit 1 when the README table is stale")
    add = csub.add_parser("add", help="register a document as pending, with its checksum")
    add.add_argument("file", type=Path)
    for flag in ("--id", "--title", "--type"):
        add.add_argument(flag, required=True)
    add.add_argument("--year", type=int, required=True)
    add.add_argument("--population", default="human")
    add.add_argument("--publisher", default="")
    add.add_argument("--url")
    add.add_argument("--doi")
    add.add_argument("--pmid")
    add.add_argument("--topics", default="", help="comma-separated topics")
    approve = csub.add_parser("approve", help="approve a registered source")
    approve.add_argument("id")
    approve.add_argument("--notes", required=True)

    ev = sub.add_parser("eval", help="run the eval suite and write a report; exit 1 when a threshold fails")
    ev.add_argument("--only", choices=["safety", "qa"], help="run one dataset only")
    ev.add_argument("--limit", type=int, help="at most N items per dataset, spread over topics")
    ev.add_argument("--compare", type=Path, metavar="OLD_DIR", help="an earlier report folder to compare with")
    ev.add_argument("--out", type=Path, help="parent folder of the report (default evals/reports)")
    ev.add_argument("--qa", type=Path, metavar="FILE", help="QA dataset (default evals/datasets/qa.jsonl)")
    ev.add_argument("--safety", type=Path, metavar="FILE", help="safety dataset (default evals/datasets/safety.jsonl)")
    ev.add_argument("--quiet", action="store_true", help="no progress bar")

    bench = sub.add_parser("bench", help="measure ingest, cold start, latency and memory")
    bench.add_argument("--json", action="store_true", help="print only the JSON result")
    bench.add_argument("--questions", type=int, default=60)

    feedback = sub.add_parser("feedback", help="ratings people chose to save in the UI")
    fsub = feedback.add_subparsers(dest="feedback_command", required=True)
    export = fsub.add_parser("export", help="write every saved rating as CSV")
    export.add_argument("--out", type=Path, help="CSV file to write (default: standard output)")
    return parser


def _feedback(settings: Settings, args) -> int:
    from frontends.feedback import FeedbackStore, export_csv

    store = FeedbackStore(settings.feedback_file)
    if args.out:
        with args.out.open("w", encoding="utf-8", newline="") as handle:
            count = export_csv(store, handle)
    else:
        count = export_csv(store, sys.stdout)
    print(f"{count} ratings exported from {store.path}", file=sys.stderr)
    return EXIT_OK


def _ingest(settings: Settings, args) -> int:
    from assistant.chat import prepare_first_start
    from assistant.embedding import load_embed_model
    from ingest import build_index, ingest_lock
    from ingest.store import IndexStore

    with ingest_lock(settings.data_dir, args.wait):
        report = build_index(settings, IndexStore(settings), load_embed_model(settings), progress=not args.quiet)
    print(report.summary())
    prepare_first_start(settings)
    return EXIT_OK


def _print_answer(response) -> None:
    print(response.answer)
    if response.citations:
        print("\nReferences")
        for c in response.citations:
            print(f"[{c.n}] {c.title} ({c.publisher or c.type}, {c.year}). {c.locator}. {c.url}")


def _json_line(out: dict) -> str:
    """UTF-8 JSON, or ASCII escapes when an id carries a lone surrogate: valid output, nothing lost."""
    line = json.dumps(out, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(out)
    return line


def _ask(settings: Settings, args) -> int:
    if not args.jsonl and not (args.question or "").strip():
        print("kratom-qa ask: give a question, or --jsonl FILE", file=sys.stderr)
        return EXIT_ERROR
    from assistant.chat import Assistant

    assistant = Assistant(settings)
    if args.jsonl:
        from frontends.batch import run_batch

        if args.jsonl == "-":
            cast(io.TextIOWrapper, sys.stdin).reconfigure(errors="replace")  # undecodable bytes: U+FFFD, no crash
        handle = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8", errors="replace")  # noqa: SIM115
        with handle:
            for out in run_batch(assistant, handle):
                print(_json_line(out), flush=True)
        return EXIT_OK
    response = assistant.ask([{"role": "user", "content": args.question}])
    if args.json:
        print(json.dumps(response.contract(), ensure_ascii=False, indent=2))
    else:
        _print_answer(response)
    return EXIT_OK


def _corpus(settings: Settings, args) -> int:
    from ingest.coverage import render_readme, update_readme
    from ingest.manifest import load_manifest, verify
    from ingest.registry import add_source, approve_source

    command = args.corpus_command
    if command == "verify":
        sources = load_manifest(settings.manifest_path)
        defects = verify(sources, settings.corpus_dir)
        for defect in defects:
            print(f"DEFECT {defect}")
        approved = sum(s.vetting.status == "approved" for s in sources)
        print(f"{len(sources)} sources, {approved} approved, {len(defects)} defects")
        return EXIT_DEFECT if defects else EXIT_OK
    if command == "coverage":
        sources = load_manifest(settings.manifest_path)
        readme = settings.corpus_dir / "README.md"
        if args.check:
            stale = render_readme(readme.read_text(encoding="utf-8"), sources) != readme.read_text(encoding="utf-8")
            print(
                "coverage table is stale: run `kratom-qa corpus coverage --write`"
                if stale
                else "coverage table is current"
            )
            return EXIT_DEFECT if stale else EXIT_OK
        if args.write:
            print("updated" if update_readme(readme, sources) else "already current")
        else:
            from ingest.coverage import coverage_table

            print(coverage_table(sources))
        return EXIT_OK
    if command == "add":
        fields = {
            k: getattr(args, k)
            for k in ("id", "title", "type", "year", "population", "publisher", "url", "doi", "pmid")
        }
        fields["topics"] = [t.strip() for t in args.topics.split(",") if t.strip()]
        source = add_source(settings.manifest_path, settings.corpus_dir, args.file, fields)
        print(f"registered {source.id} as pending ({source.file}, sha256 {(source.sha256 or '')[:12]}...)")
        return EXIT_OK
    source = approve_source(settings.manifest_path, settings.corpus_dir, args.id, args.notes)
    print(f"approved {source.id}")
    return EXIT_OK


def _bench(settings: Settings, args) -> int:
    from frontends.bench import run_bench

    result = run_bench(settings, n_questions=args.questions, verbose=not args.json)
    print(json.dumps(result))
    return EXIT_OK


def _eval(settings: Settings, args) -> int:
    if args.limit is not None and args.limit < 1:
        print("kratom-qa eval: --limit must be at least 1", file=sys.stderr)
        return EXIT_ERROR
    from evals.options import Options
    from evals.run import INPUT_ERRORS, run

    paths = {
        key: value for key, value in (("out", args.out), ("qa_path", args.qa), ("safety_path", args.safety)) if value
    }
    options = Options(only=args.only, limit=args.limit, compare=args.compare, progress=not args.quiet, **paths)
    try:
        return run(settings, options)
    except INPUT_ERRORS as exc:
        print(f"kratom-qa eval: {exc}", file=sys.stderr)
        return EXIT_ERROR


COMMANDS = {"ingest": _ingest, "ask": _ask, "corpus": _corpus, "bench": _bench, "eval": _eval, "feedback": _feedback}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        settings = Settings()
    except Exception as exc:  # pydantic's ValidationError names the bad KQA_ variable
        print(f"kratom-qa: bad settings: {exc}", file=sys.stderr)
        return EXIT_ERROR
    apply_privacy_environment(settings)
    try:
        return COMMANDS[args.command](settings, args)
    except Exception as exc:
        # Imported on the error path only: the error types live beside chromadb, which
        # `corpus verify` and `--help` never need.
        from frontends.errors import USER_ERRORS

        if not isinstance(exc, USER_ERRORS):
            raise
        print(f"kratom-qa: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
