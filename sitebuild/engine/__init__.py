"""What runs the article's code: the experiments (experiments.py), the child process that runs a
snippet section by section (child.py, sections.py) and its parent side (runner.py), the execution
cache (cache.py), a build's session (session.py), the folders a process owns (workspace.py),
running or serving a run (execution.py), and the claims checked against a run (claims.py)."""
