/// Raw-hit parsing and enrichment shared by the collector and `ingest`.
enum TidemarkIngest {}
