"""What runs the article's code: the experiments, the child process that runs a snippet section
by section, the execution cache, and the claims checked against a run."""
