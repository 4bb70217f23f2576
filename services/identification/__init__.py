"""Identification service: records reasonable grounds and consents; personal identity data stays here."""
