"""The commands: what `battlemap check`, `build`, `brief`, `diff` and `init` do, below the
CLI (which parses arguments and chooses exit codes) and above the products and the pipeline."""
