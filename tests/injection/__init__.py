"""The injection corpus: payloads placed in every string field of an SOP and the registries."""
