"""Identification service: reasonable grounds and consents; identity data stays here."""
