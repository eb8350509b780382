"""The lookup layers: IntegerLookup and StringLookup on a shared IndexLookup base."""
