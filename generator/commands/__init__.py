"""One module per `sop` command; `generator.cli` assembles them."""
