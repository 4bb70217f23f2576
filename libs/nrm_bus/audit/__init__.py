"""A tamper-evident audit log: RFC 9162 Merkle hashing, chained entries, signed checkpoints."""
