"""Stage 2, the journal: the JSON Lines file, typed values, records for log/amend/void, the corrected ledger."""
