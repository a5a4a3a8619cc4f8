"""presslens analyze | export | serve: thin wrappers over the pipeline and the store."""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from analysis.settings import Settings, from_env

DEFAULT_CORPUS = "seeds"


def _settings(args: argparse.Namespace) -> Settings:
    return from_env().with_overrides(db=getattr(args, "db", None), model=getattr(args, "model", None),
                                     alias_file=getattr(args, "aliases", None),
                                     dask_address=getattr(args, "dask", None),
                                     workers=getattr(args, "workers", None))


class _TqdmProgress:
    """A progress callback drawing a tqdm bar on stderr (the summary goes to stdout); closed
    before any error message is printed, so the message is the last line."""

    def __init__(self) -> None:
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        from tqdm import tqdm

        if total == 0:
            return
        if self.bar is None:
            self.bar = tqdm(total=total, unit="article", desc="analysing", file=sys.stderr)
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _analyse(paths: list, settings: Settings):
    from analysis.pipeline import run_analysis

    progress = _TqdmProgress()
    try:
        return run_analysis(paths, settings, progress=progress)
    finally:
        progress.close()


def cmd_analyze(args: argparse.Namespace) -> int:
    settings = _settings(args)
    summary = _analyse(args.paths, settings)
    print("\n".join(summary.lines()))
    print(f"store: {settings.db}")
    return 0


EXPORT_CSV_COLUMNS = ("id", "source_path", "source_id", "title", "published", "section", "outlet",
                      "authors", "language", "people", "quotes")


def _csv_row(record: dict) -> dict:
    row = {k: record.get(k) for k in EXPORT_CSV_COLUMNS}
    row["authors"] = "; ".join(record.get("authors") or [])
    row["people"] = "; ".join(f"{p['name']} ({p['mentions']})" for p in record["people"])
    row["quotes"] = len(record["quotes"])
    for family in ("tone", "readability"):
        for metric, value in (record.get(family) or {}).items():
            row[f"{family}_{metric}"] = value
    return row


def cmd_export(args: argparse.Namespace) -> int:
    from analysis.store import Store

    settings = _settings(args)
    if args.format == "parquet":
        if not args.output:
            raise ValueError("--format parquet needs -o FOLDER")
        with Store(settings.db, read_only=True) as store:
            store.export_parquet(Path(args.output))
        print(f"Parquet files and schema written to {args.output}")
        return 0
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        with Store(settings.db, read_only=True) as store:
            records = store.export_records()
            if args.format == "jsonl":
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                rows = [_csv_row(r) for r in records]
                fields = list(dict.fromkeys(k for r in rows for k in r)) or list(EXPORT_CSV_COLUMNS)
                writer = csv.DictWriter(out, fieldnames=fields)
                writer.writeheader()
                writer.writerows(rows)
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def cmd_people(args: argparse.Namespace) -> int:
    from analysis.store import Store

    with Store(_settings(args).db, read_only=True) as store:
        report = store.people_report(args.top)
    print(report.to_string(index=False) if len(report) else "no people in the store")
    return 0


def dashboard_command(port: int) -> list[str]:
    """The streamlit command line for the dashboard (served on loopback only; the store is
    passed in PRESSLENS_DB)."""
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false"]


def cmd_serve(args: argparse.Namespace) -> int:
    settings = _settings(args)
    summary = _analyse(args.paths or [DEFAULT_CORPUS], settings)
    print("\n".join(summary.lines()))
    env = {**os.environ, "PRESSLENS_DB": str(Path(settings.db).resolve()),
           "PRESSLENS_MODEL": settings.model}
    print(f"dashboard: http://127.0.0.1:{args.port}")
    return subprocess.call(dashboard_command(args.port), env=env)


SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def cmd_eval(args: argparse.Namespace) -> int:
    from analysis import evaluate

    settings = _settings(args)
    for path in (args.gold, args.corpus, args.scorer):
        if not path.exists():
            raise FileNotFoundError(f"{path}: not found (the evaluation data lives in ../shared)")
    scores = evaluate.score_corpus(args.corpus, args.gold, settings, args.scorer, key=args.key,
                                   without_title=args.without_title)
    hipe = None
    if args.hipe and str(args.hipe) != "none" and args.hipe.exists():
        hipe = evaluate.score_hipe_persons(args.hipe, settings)
    print(evaluate.format_table(settings.model, scores, hipe))
    if args.json:
        Path(args.json).write_text(json.dumps({"model": settings.model, "gold": scores, "hipe": hipe},
                                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="presslens", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=Path, help="the DuckDB store (default data/presslens.duckdb)")
        p.add_argument("--model", help="spaCy model (default fr_core_news_md)")
        p.add_argument("--aliases", type=Path, help="TOML file of person aliases (see README)")

    p = sub.add_parser("analyze", help="ingest files and folders, analyse what is new or changed")
    p.add_argument("paths", nargs="+", help="files and folders of articles")
    p.add_argument("--workers", type=int, help="analysis processes (default: one per core)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="analyse on a Dask cluster (scheduler address, e.g. tcp://10.0.0.5:8786)")
    common(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("export", help="one record per article, JSONL or CSV")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default="jsonl",
                   help="jsonl/csv: one record per article; parquet: every table of the store")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    common(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("people", help="per person: articles, mentions, quotes, words quoted")
    p.add_argument("--top", type=int, default=30, help="how many people (default 30)")
    common(p)
    p.set_defaults(func=cmd_people)

    p = sub.add_parser("serve", help="analyse what is new, then open the dashboard")
    p.add_argument("paths", nargs="*", help=f"files and folders (default {DEFAULT_CORPUS}/)")
    p.add_argument("--port", type=int, default=8501)
    common(p)
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("eval", help="accuracy against the gold annotations in ../shared")
    p.add_argument("--gold", type=Path, default=SHARED / "eval" / "gold_dev.jsonl",
                   help="gold annotations (bench/: our own gold sets, see bench/*.md)")
    p.add_argument("--key", default="source_id",
                   help="export field that holds the gold ids (source_id; id for bench/gold_seed.jsonl)")
    p.add_argument("--scorer", type=Path, default=SHARED / "eval" / "score.py")
    p.add_argument("--corpus", type=Path,
                   default=SHARED / "data" / "news_fr" / "wikinews_fr_100_2012.jsonl")
    p.add_argument("--hipe", type=Path,
                   default=SHARED / "data" / "news_fr" / "hipe2020_fr_docs_v1.4_dev_test.jsonl",
                   help="HIPE-2020 documents with gold person mentions (skipped when absent or 'none')")
    p.add_argument("--json", help="also write the scores to this JSON file")
    p.add_argument("--model", help="spaCy model (default fr_core_news_md)")
    p.add_argument("--without-title", action="store_true",
                   help="score only the input's text, which the gold annotates, not quotes and names in its title")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; a fault the user can fix is one line "presslens: <what to do>", exit 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("presslens: interrupted; the articles already saved are kept, run the same command "
              "again to finish", file=sys.stderr)
        return 130
    except (OSError, RuntimeError, ValueError) as exc:
        print(f"presslens: {_explained(exc, args)}", file=sys.stderr)
        return 2
    except Exception as exc:
        if not type(exc).__module__.startswith(("duckdb", "_duckdb")):
            raise  # a bug: the traceback is what the developers need
        print(f"presslens: {_explained(exc, args)}", file=sys.stderr)
        return 2


def _explained(exc: BaseException, args: argparse.Namespace) -> str:
    """The message of an error, turned into what to do when it is about the store."""
    if type(exc).__module__.startswith(("duckdb", "_duckdb")):
        from analysis.store import store_error

        return str(store_error(exc, _settings(args).db))
    if isinstance(exc, OSError) and exc.filename and not isinstance(exc, FileNotFoundError):
        return f"{exc.strerror}: {exc.filename} (check the path and your rights to it)"
    return str(exc)


if __name__ == "__main__":
    sys.exit(main())
