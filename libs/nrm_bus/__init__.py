"""Shared mechanisms of the NRM bus, written once for every service."""
