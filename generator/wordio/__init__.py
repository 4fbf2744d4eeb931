"""Word in and out: `sop import` (.docx -> draft SOP YAML) and `sop export --docx`.

Reading (`docx_reader`) and understanding (`sop_import`) a document are kept
apart from matching names to the registries (`registry_match`) and writing the
draft (`draft`, `templates/draft.yaml.j2`); `importer` ties them together for
the command. `sop_export` and `shapes` write the SOP AP form as a .docx.
"""
