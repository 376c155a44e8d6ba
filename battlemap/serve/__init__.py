"""`battlemap serve`: a live preview while editing. The accounts stay compiled in one
process; a saved file rebuilds what it affects, and open pages reload with its diagnostics
over them. Above the commands (it serves what `build` and `brief` render), below the CLI."""
