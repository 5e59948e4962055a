"""The ground floor: domain rules every other part shares — identifier checks and masking
(GB 11643, GB 32100, phones, personal data in free text), coordinate systems (WGS-84, GCJ-02, BD-09)
and text normalisation. It imports nothing of Yiping's own (tests/test_import_graph.py holds it to
that); the loader, the generator, the checker and the app all stand on it. docs/domain.md §6, §7."""
