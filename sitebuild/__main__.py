"""One command line for building and maintaining the site.

    python -m sitebuild <command> [options]     (python -m sitebuild <command> --help for its options)

Each command is the `main(argv)` of the module that does the work, imported only
when that command runs: `serve` must not import MkDocs or the build into the
server process (a broken edit of build code would stop it).
"""
import importlib
import sys

from sitebuild.errors import exit_status

# command -> (module whose main(argv) runs it, what it does)
COMMANDS = {
    "build": ("sitebuild.build", "build every language into site/"),
    "serve": ("sitebuild.dev.serve", "live preview on http://127.0.0.1:8000/: rebuilds and reloads on save"),
    "typography": ("sitebuild.pages.typography", "check the Chinese pages' typography (--fix rewrites them)"),
    "notebooks": ("sitebuild.notebooks.from_snippets",
                  "regenerate the committed Colab notebooks in notebooks/ (--check only reports)"),
    "execute": ("sitebuild.engine.execution", "fill the execution cache: run experiments [names] (--force re-runs)"),
    "study": ("sitebuild.engine.study", "the seed study: train each CNN with ten seeds into study/seed-study.json "
              "(~35 min; resumable)"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items()]
    return ("usage: python -m sitebuild <command> [options]\n\ncommands:\n" + "\n".join(lines)
            + "\n\n'python -m sitebuild <command> --help' shows a command's options.")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"]):
        print(usage())
        return 0
    if not argv:
        print(usage(), file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"{usage()}\n\nerror: unknown command {command!r}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[command][0])
    return exit_status(module.main, rest)


if __name__ == "__main__":
    sys.exit(main())
