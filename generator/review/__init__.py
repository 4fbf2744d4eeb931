"""Tools for reviewing and revising SOPs: semantic diff, evaluation sheet."""
